import { isRetryableClose } from './closeCodes.js';

/**
 * The socket closed in a way that ends the stream: a terminal close code, a
 * drop once the retry budget is spent, or a close without `session_ended`
 * when reconnecting is off. `retryable` says what the code itself means, so a
 * caller with its own retry logic can decide.
 */
export class CloseError extends Error {
  override readonly name = 'CloseError';
  readonly retryable: boolean;

  constructor(
    readonly code: number,
    readonly reason: string,
    message?: string,
  ) {
    super(message ?? `socket closed with code ${code}${reason ? ` (${reason})` : ''}`);
    this.retryable = isRetryableClose(code);
  }
}
