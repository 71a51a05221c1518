import type { ConversationScript } from '../pipelines/ConversationScript.js';
import { CONVERSATION_JOB, conversationJobData } from './ConversationJob.js';
import type { ConversationQueue } from './ConversationQueue.js';
import { jobIdFor } from './jobIdFor.js';

/** How {@link enqueueScripts} queues its jobs. */
export interface EnqueueOptions {
  /**
   * Runs a conversation may get when it fails for a retryable reason (the
   * agent unreachable, a turn timeout), the first one included. Default 3;
   * 1 runs each conversation once.
   */
  readonly attempts?: number;
  /** The wait before the first retry, ms, doubling for each next one (default 1000). */
  readonly backoffMs?: number;
  /** Jobs sent to Redis per round trip (default 500). */
  readonly batchSize?: number;
}

/**
 * Adds one job per script to `queue`, its job id the script's id (see
 * {@link jobIdFor}), so a script already in the queue (waiting, running or
 * done) is not added again: enqueuing the same file twice adds nothing.
 * Scripts are read as they are sent, a batch at a time, so a long file never
 * sits in memory. Resolves to the number of scripts read; when reading
 * fails, the scripts read before are queued and the error is thrown.
 *
 * ```ts
 * import { Queue } from 'bullmq';
 * import { Redis } from 'ioredis';
 * import { enqueueScripts } from 'rxjs-text-stream/bullmq';
 *
 * const connection = new Redis('redis://127.0.0.1:6379');
 * const queue = new Queue('conversations', { connection });
 * await enqueueScripts(queue, [{ id: 'c1', turns: ['Hi', 'Next Tuesday'] }]);
 * await queue.close();
 * connection.disconnect(); // a connection passed in is the caller's to close
 * ```
 */
export async function enqueueScripts(
  queue: ConversationQueue,
  scripts: Iterable<ConversationScript> | AsyncIterable<ConversationScript>,
  options: EnqueueOptions = {},
): Promise<number> {
  const { attempts = 3, backoffMs = 1000, batchSize = 500 } = options;
  if (!Number.isSafeInteger(attempts) || attempts < 1)
    throw new TypeError(`attempts must be a positive whole number, got ${attempts}`);
  if (!Number.isFinite(backoffMs) || backoffMs < 0)
    throw new TypeError(`backoffMs must be 0 or more, got ${backoffMs}`);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new TypeError(`batchSize must be a positive whole number, got ${batchSize}`);
  const opts = { attempts, backoff: { type: 'exponential', delay: backoffMs } };
  let batch: Parameters<ConversationQueue['addBulk']>[0] = [];
  let count = 0;
  try {
    for await (const script of scripts) {
      batch.push({
        name: CONVERSATION_JOB,
        data: conversationJobData(script),
        opts: { ...opts, jobId: jobIdFor(script.id) },
      });
      count += 1;
      if (batch.length === batchSize) {
        await queue.addBulk(batch);
        batch = [];
      }
    }
  } finally {
    // Also when reading failed (a bad line): the scripts before it are
    // queued, whatever the batch size, and enqueuing the mended file again
    // adds only the rest.
    if (batch.length > 0) await queue.addBulk(batch);
  }
  return count;
}
