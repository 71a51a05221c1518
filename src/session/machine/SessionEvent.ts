import type { ServerFrame } from '../../protocol/serverFrames.js';
import type { OutgoingMessage } from './SessionState.js';

/** A reconnect the transport has scheduled. */
export interface ReconnectAttempt {
  /** 1 for the first attempt after a healthy connection. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  /** What ended the previous socket. */
  readonly cause: unknown;
}

/** The session's timers. */
export type SessionTimer = 'greeting' | 'turn';

/**
 * Everything that can happen to a session, and when: `at` is the session's
 * clock (its scheduler's `now()`, ms) when it happened. Time reaches the
 * machine only this way, as data, so the machine stays pure and a test
 * replays any timing exactly.
 */
export type SessionEvent = SessionHappening & { readonly at: number };

/** What can happen to a session, without the when. */
export type SessionHappening =
  /** The user called `send()`. */
  | { readonly type: 'send'; readonly message: OutgoingMessage }
  /** The user called `stop()`. */
  | { readonly type: 'stop' }
  /** The user called `close()`. */
  | { readonly type: 'close' }
  /** A socket opened (its `session_started` is still to come). */
  | { readonly type: 'socket-opened' }
  /** A decoded frame arrived (pings never reach the session). */
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  /** The socket went down and the transport will try again. */
  | { readonly type: 'socket-lost'; readonly reconnect: ReconnectAttempt }
  /** The transport is done: after `session_ended` (no error) or on a terminal error. */
  | { readonly type: 'transport-ended'; readonly error?: unknown }
  /** A timer armed by an `arm` effect fired. */
  | { readonly type: 'timer'; readonly timer: SessionTimer };
