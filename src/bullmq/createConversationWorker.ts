import { Worker, type WorkerOptions } from 'bullmq';
import type { ConversationEvent } from '../pipelines/RunEvent.js';
import type { RunOptions } from '../pipelines/RunOptions.js';
import type { ConversationJobData } from './ConversationJob.js';
import { conversationProcessor } from './conversationProcessor.js';

/** Options of {@link createConversationWorker}: BullMQ's worker options, plus how conversations run. */
export interface ConversationWorkerOptions extends WorkerOptions {
  /** How each conversation runs: `runConversation`'s options (the agent's `url`, token, ...). */
  readonly run: RunOptions;
}

/**
 * A BullMQ worker that runs each job of the queue `name` as one
 * conversation (see {@link conversationProcessor}) and stores its
 * conversation event as the job's result. `concurrency` is how many
 * conversations it runs at once, each on its own socket (default 10 here,
 * where BullMQ's own default is 1).
 *
 * A worker that dies mid-conversation (a crash, SIGKILL) leaves its jobs
 * active; once their lock expires (`lockDuration`, default 30 s) another
 * worker's stalled check (`stalledInterval`) puts them back in the queue
 * and they run again from the start. A job has one result however often it
 * ran: BullMQ stores a result only from the worker holding the job's lock.
 *
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createConversationWorker } from 'rxjs-text-stream/bullmq';
 *
 * const worker = createConversationWorker('conversations', {
 *   // A worker's connection waits through a Redis restart (BullMQ requires this).
 *   connection: new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null }),
 *   concurrency: 20,
 *   run: { url: 'wss://agent.example.com/ws' },
 * });
 * process.on('SIGTERM', () => void worker.close()); // finishes its running conversations
 * ```
 */
export function createConversationWorker(
  name: string,
  options: ConversationWorkerOptions,
): Worker<ConversationJobData, ConversationEvent> {
  const { run, ...workerOptions } = options;
  return new Worker<ConversationJobData, ConversationEvent>(name, conversationProcessor(run), {
    concurrency: 10,
    ...workerOptions,
  });
}
