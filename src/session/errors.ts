import type { Turn } from '../protocol/Turn.js';

/** `send()` was called with more messages already waiting than the session allows. */
export class SendQueueFullError extends Error {
  override readonly name = 'SendQueueFullError';

  constructor(readonly limit: number) {
    super(
      `send queue is full (${limit} messages waiting); wait for a turn to complete or raise maxQueuedMessages`,
    );
  }
}

/** The session was closed, stopped or ended before a message could be answered. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';

  constructor(message = 'the session is closed') {
    super(message);
  }
}

/**
 * A message's answer did not complete within `turnTimeoutMs`. The session
 * drops the socket and resumes, so a late answer can never be taken for the
 * answer to a later message; `partial` is whatever had arrived.
 */
export class TurnTimeoutError extends Error {
  override readonly name = 'TurnTimeoutError';

  constructor(
    readonly timeoutMs: number,
    readonly partial: Turn | undefined,
  ) {
    super(`no response_complete within ${timeoutMs} ms; the message may not have been answered`);
  }
}

/**
 * A reconnect landed in a different conversation than the one the message
 * was written for (the server lost or replaced it). The message was not sent
 * into the new conversation.
 */
export class ConversationChangedError extends Error {
  override readonly name = 'ConversationChangedError';

  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `the server resumed conversation ${actual} instead of ${expected}; the message was not sent into it`,
    );
  }
}
