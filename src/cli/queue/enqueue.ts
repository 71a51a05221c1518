import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readScripts } from '../../pipelines/readScripts.js';
import { ScriptError } from '../../pipelines/ScriptError.js';
import type { CliIO } from '../CliIO.js';
import { loadQueue } from './loadQueue.js';
import type { EnqueueFlags } from './queueFlags.js';

/**
 * `text-stream enqueue FILE`: one job per script; a script already queued is
 * not added again. Exit 0, or 2 for a bad script (the scripts before it are
 * queued: fix the line and enqueue the file again).
 */
export async function enqueue(flags: EnqueueFlags, io: CliIO): Promise<number> {
  const { bullmq, entry, connect } = await loadQueue();
  const connection = await connect(flags.redis);
  const queue = new bullmq.Queue(flags.queue, { connection });
  try {
    const lines = createInterface({ input: createReadStream(flags.file), crlfDelay: Infinity });
    let scripts: number;
    try {
      scripts = await entry.enqueueScripts(queue, readScripts(lines), {
        attempts: flags.attempts,
        backoffMs: flags.backoffMs,
      });
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      io.stderr.write(`text-stream: ${flags.file}: ${error.message}\n`);
      return 2;
    } finally {
      lines.close();
    }
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
      `text-stream: ${scripts} scripts read from ${flags.file}; queue ${flags.queue} holds ${jobs} conversations (a script already there is not added again)\n`,
    );
    return 0;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
