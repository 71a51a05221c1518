import { closeMeaning, isRetryableClose, type CloseContext } from './closeCodes.js';

/**
 * The socket closed in a way that ends the stream: a terminal close code, a
 * drop once the retry budget is spent, or a close without `session_ended`
 * when reconnecting is off. `retryable` says what the code itself means (in
 * `context`, for 4409), so a caller with its own retry logic can decide.
 */
export class CloseError extends Error {
  override readonly name = 'CloseError';
  readonly retryable: boolean;

  constructor(
    readonly code: number,
    readonly reason: string,
    message?: string,
    context?: CloseContext,
  ) {
    super(message ?? describeClose(code, reason));
    this.retryable = isRetryableClose(code, context);
  }
}

/**
 * `socket closed with code 4409 (reason): conversation already active: ...`;
 * the table's meaning is left out when the server's reason already says it.
 */
function describeClose(code: number, reason: string): string {
  const meaning = closeMeaning(code);
  const said = reason ? ` (${reason})` : '';
  return `socket closed with code ${code}${said}${meaning && meaning !== reason ? `: ${meaning}` : ''}`;
}
