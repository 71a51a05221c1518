import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { parseScript } from '../pipelines/ConversationScript.js';
import type { ConversationScript } from '../pipelines/ConversationScript.js';
import type { ConversationEvent } from '../pipelines/RunEvent.js';
import type { RunOptions } from '../pipelines/RunOptions.js';
import { runConversation } from '../pipelines/runConversation.js';
import type { ConversationJobData } from './ConversationJob.js';
import { RetryableConversationError } from './RetryableConversationError.js';

/** The processor of a conversation job, as BullMQ calls it. */
export type ConversationProcessor = (
  job: Job<ConversationJobData, ConversationEvent>,
  token?: string,
  signal?: AbortSignal,
) => Promise<ConversationEvent>;

/**
 * Runs each job as one conversation with `runConversation` (its own
 * session: expectations, timing and isolation as in `runConversations`) and
 * resolves to the conversation event, which BullMQ stores as the job's
 * result:
 *
 * - ok, or failed for a terminal reason (a `4403`, an unmet expectation):
 *   the event, at once: running it again would fail the same way.
 * - failed for a retryable reason (`error.retryable`: the agent
 *   unreachable, a turn timeout) with runs left (`attempts` at enqueue):
 *   throws {@link RetryableConversationError}, and BullMQ runs it again
 *   after its backoff. On its last run: the event.
 * - job data that is not a script: `UnrecoverableError` (the job fails,
 *   with no retry).
 *
 * A job cancelled through BullMQ's signal (`worker.cancelJob`) closes its
 * socket and fails.
 */
export function conversationProcessor(run: RunOptions): ConversationProcessor {
  return async (job, _token, signal) => {
    let script: ConversationScript;
    try {
      script = parseScript(job.data.script);
    } catch (error) {
      throw new UnrecoverableError(`job ${job.id}: ${(error as Error).message}`);
    }
    const event = await conversationEvent(script, run, signal);
    const attempts = job.opts.attempts ?? 1;
    if (!event.ok && event.error?.retryable === true && job.attemptsMade + 1 < attempts)
      throw new RetryableConversationError(event);
    return event;
  };
}

/** The conversation's last event, as a promise a signal can cancel. */
function conversationEvent(
  script: ConversationScript,
  run: RunOptions,
  signal: AbortSignal | undefined,
): Promise<ConversationEvent> {
  return new Promise((resolve, reject) => {
    let result: ConversationEvent | undefined;
    const settled = (): void => signal?.removeEventListener('abort', onAbort);
    const running = runConversation(script, run).subscribe({
      next: (event) => {
        if (event.type === 'conversation') result = event;
      },
      error: (error: unknown) => {
        settled();
        reject(error);
      },
      complete: () => {
        settled();
        if (result) resolve(result);
        else reject(new Error(`conversation ${script.id} ended without its result`));
      },
    });
    function onAbort(): void {
      running.unsubscribe();
      reject(new Error(`conversation ${script.id} cancelled`));
    }
    if (signal?.aborted) onAbort();
    else if (!running.closed) signal?.addEventListener('abort', onAbort, { once: true });
  });
}
