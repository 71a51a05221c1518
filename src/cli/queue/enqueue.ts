import type { CliIO } from '../CliIO.js';
import { loadQueue } from './loadQueue.js';
import type { EnqueueFlags } from './queueFlags.js';
import { scriptFile } from './scriptFile.js';

/** `text-stream enqueue FILE`: one job per script; a script already queued is not added again. */
export async function enqueue(flags: EnqueueFlags, io: CliIO): Promise<number> {
  const { bullmq, entry, connect } = await loadQueue();
  const connection = await connect(flags.redis);
  const queue = new bullmq.Queue(flags.queue, { connection });
  try {
    const scripts = await entry.enqueueScripts(queue, scriptFile(flags.file), {
      attempts: flags.attempts,
      backoffMs: flags.backoffMs,
    });
    const jobs = await queue.getJobCountByTypes(
      'wait',
      'active',
      'delayed',
      'prioritized',
      'waiting-children',
      'completed',
      'failed',
    );
    io.stdout.write(
      `text-stream: ${scripts} scripts from ${flags.file} enqueued on ${flags.queue}; the queue holds ${jobs} conversations\n`,
    );
    return 0;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
