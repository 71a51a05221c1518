import type { ConversationEvent } from '../pipelines/RunEvent.js';

/**
 * Thrown by a conversation job's processor when its conversation failed for
 * a retryable reason and the job has runs left: BullMQ then runs it again
 * after its backoff. The job's last run returns its event instead, so every
 * job ends with exactly one conversation event.
 */
export class RetryableConversationError extends Error {
  override readonly name = 'RetryableConversationError';

  constructor(
    /** The failed run's conversation event. */
    readonly event: ConversationEvent,
  ) {
    super(
      `conversation ${event.id} failed (${event.error?.reason ?? 'error'}: ${event.error?.message ?? 'no detail'}); retrying`,
    );
  }
}
