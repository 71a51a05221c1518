import type { ServerFrame } from '../../protocol/serverFrames.js';

/**
 * Something the session did or saw besides frames and turns: what a chat UI
 * shows as a status line, and what a log wants to know.
 */
export type SessionNotice =
  /** The socket went down; the next attempt follows after `delayMs`. */
  | {
      readonly kind: 'reconnecting';
      readonly attempt: number;
      readonly maxAttempts: number;
      readonly delayMs: number;
      readonly cause: unknown;
    }
  /** A new socket resumed the conversation. */
  | { readonly kind: 'resumed'; readonly conversationId: string }
  /** The server answered a resume with another conversation; pending messages were failed. */
  | { readonly kind: 'conversation-changed'; readonly from: string; readonly to: string }
  /**
   * A message is held back because the conversation may still open with a
   * greeting: it goes out when the greeting ends, or after `timeoutMs` at most
   * if none starts (`greetingTimeoutMs: 0` for a server that never greets).
   */
  | { readonly kind: 'awaiting-greeting'; readonly timeoutMs: number }
  /** A turn took longer than `turnTimeoutMs`; the socket is dropped and resumed. */
  | { readonly kind: 'turn-timeout'; readonly timeoutMs: number }
  /** A frame that belongs to no turn and opens none (a stray `response_complete`, an `error` between turns). */
  | { readonly kind: 'stray-frame'; readonly frameType: ServerFrame['type'] };
