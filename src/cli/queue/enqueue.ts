import type { ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readScripts } from '../../pipelines/readScripts.js';
import type { ConversationQueue } from '../../bullmq/ConversationQueue.js';
import { ScriptError } from '../../pipelines/ScriptError.js';
import type { CliIO } from '../CliIO.js';
import { openFile } from '../openFile.js';
import { loadQueue } from './loadQueue.js';
import type { EnqueueFlags } from './queueFlags.js';

/**
 * `text-stream enqueue FILE`: one job per script; a script already queued is
 * not added again, nor one whose id came earlier in the file (the queue keeps
 * the first), and the summary line says how many were not added. Exit 0, or 2 for a bad script (the scripts before it are
 * queued: fix the line and enqueue the file again) or a file it cannot read.
 */
export async function enqueue(flags: EnqueueFlags, io: CliIO): Promise<number> {
  // Before Redis: a missing file is a usage error (exit 2), as for `run`.
  const input = await openFile(flags.file);
  try {
    return await enqueueFrom(input, flags, io);
  } finally {
    input.destroy();
  }
}

async function enqueueFrom(input: ReadStream, flags: EnqueueFlags, io: CliIO): Promise<number> {
  const { bullmq, entry, connect } = await loadQueue();
  const connection = await connect(flags.redis);
  const queue = new bullmq.Queue(flags.queue, { connection });
  try {
    // Counted before and after, not by keeping every id: a file may be huge.
    const before = await jobCount(queue);
    const lines = createInterface({ input, crlfDelay: Infinity });
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
    const jobs = await jobCount(queue);
    const skipped = Math.max(0, scripts - (jobs - before));
    io.stdout.write(
      `text-stream: ${scripts} scripts read from ${flags.file}, ${skipped} not added (an id already queued or earlier in the file: the first is kept); queue ${flags.queue} holds ${jobs} conversations\n`,
    );
    return 0;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Jobs in the queue, whatever their state. */
function jobCount(queue: ConversationQueue): Promise<number> {
  return queue.getJobCountByTypes(
    'wait',
    'active',
    'delayed',
    'prioritized',
    'waiting-children',
    'completed',
    'failed',
  );
}
