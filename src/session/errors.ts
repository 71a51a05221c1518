/** `send()` was called with more messages already waiting than the session allows. */
export class SendQueueFullError extends Error {
  override readonly name = 'SendQueueFullError';

  constructor(readonly limit: number) {
    super(
      `send queue is full (${limit} messages waiting); wait for a turn to complete or raise maxQueuedMessages`,
    );
  }
}

/** The session was closed, or ended, before a message could be answered. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';

  constructor(message = 'the session is closed') {
    super(message);
  }
}
