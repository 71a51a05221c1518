/**
 * How a close code is handled on reconnect: a normal end, a drop to retry
 * with backoff, a rate limit (retry, waiting at least the policy's floor), or
 * terminal (retrying the same request would fail the same way).
 */
export type CloseDisposition = 'normal' | 'retry' | 'rate-limited' | 'terminal';

/** What the client knew when the socket closed. */
export interface CloseContext {
  /**
   * True when this connection resumed a conversation that a `session_started`
   * of ours had already named. Only 4409 depends on it.
   */
  readonly resuming: boolean;
}

/** The close codes the platform uses, by name. */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  ProtocolError: 1002,
  Abnormal: 1006,
  InvalidPayload: 1007,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
  /** Sent by the client when its owner aborts a connection (e.g. a turn deadline). */
  ClientAbort: 4000,
  BadParameters: 4001,
  Forbidden: 4003,
  TooManyConnections: 4029,
  NotAuthenticated: 4100,
  BadRequest: 4400,
  AuthForbidden: 4403,
  NotFound: 4404,
  ConversationActive: 4409,
} as const;

/** One row of {@link closeCodeTable}. */
export interface CloseRule {
  /** What the code means, in words (used in `CloseError` messages). */
  readonly meaning: string;
  /** What a close with the code does on a first connect. */
  readonly disposition: CloseDisposition;
  /** Overrides `disposition` when resuming (4409 only). */
  readonly whenResuming?: CloseDisposition;
}

/**
 * The one table: the platform notes' codes, plus 1002, 1007 and 1009, which
 * are terminal because the same input fails the same way again. A code not
 * listed is a drop (retry). `docs/reconnect.md` shows this table.
 */
export const closeCodeTable: ReadonlyMap<number, CloseRule> = new Map<number, CloseRule>([
  [1000, { meaning: 'normal close', disposition: 'normal' }],
  [1001, { meaning: 'going away', disposition: 'retry' }],
  [1006, { meaning: 'abnormal drop', disposition: 'retry' }],
  [1011, { meaning: 'server error', disposition: 'retry' }],
  [1012, { meaning: 'service restart', disposition: 'retry' }],
  [1013, { meaning: 'try again later', disposition: 'rate-limited' }],
  [4029, { meaning: 'too many connections', disposition: 'rate-limited' }],
  [1002, { meaning: 'protocol error', disposition: 'terminal' }],
  [1007, { meaning: 'invalid payload (e.g. bad UTF-8)', disposition: 'terminal' }],
  [1008, { meaning: 'policy violation', disposition: 'terminal' }],
  [1009, { meaning: 'frame too big', disposition: 'terminal' }],
  [4001, { meaning: 'bad parameters', disposition: 'terminal' }],
  [4003, { meaning: 'forbidden', disposition: 'terminal' }],
  [4100, { meaning: 'not authenticated', disposition: 'terminal' }],
  [4400, { meaning: 'bad request', disposition: 'terminal' }],
  [4403, { meaning: 'forbidden', disposition: 'terminal' }],
  [4404, { meaning: 'not found', disposition: 'terminal' }],
  [
    4409,
    {
      // On a resume the server may not yet have noticed our own dead socket.
      meaning: 'conversation already active: another client owns it',
      disposition: 'terminal',
      whenResuming: 'retry',
    },
  ],
]);

/** What a close with `code` means for reconnecting; `context` matters for 4409 only. */
export function closeDisposition(
  code: number,
  context: CloseContext = { resuming: false },
): CloseDisposition {
  const rule = closeCodeTable.get(code);
  if (rule === undefined) return 'retry';
  return (context.resuming && rule.whenResuming) || rule.disposition;
}

/** True when a close with `code` may be retried (with backoff). */
export function isRetryableClose(code: number, context?: CloseContext): boolean {
  const disposition = closeDisposition(code, context);
  return disposition === 'retry' || disposition === 'rate-limited';
}

/** The code's meaning in words, or `undefined` for a code the table does not list. */
export function closeMeaning(code: number): string | undefined {
  return closeCodeTable.get(code)?.meaning;
}
