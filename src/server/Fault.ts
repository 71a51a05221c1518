import type { RawFrame } from './RawFrame.js';

/**
 * Faults the reference server injects, each into one connection: the next
 * connection to open takes the next fault from the queue.
 */
export type Fault =
  /**
   * Close the socket right after this many frames were written, pings not
   * counted (they come on their own clock, so a drop lands at the same point
   * of a conversation however slow the machine). Without `code` the TCP
   * connection is cut (the client sees 1006).
   */
  | { readonly kind: 'drop'; readonly afterFrames: number; readonly code?: number }
  /** Close at once, before `session_started`, with `code` (e.g. 4403, 1013, 4029). */
  | { readonly kind: 'reject'; readonly code: number; readonly reason?: string }
  /** Stop writing anything, pings included, after this many frames (pings not counted); the socket stays open. */
  | { readonly kind: 'silence'; readonly afterFrames: number }
  /**
   * Answer the connection with another conversation than the one it asked to
   * resume: a fresh conversation (new id in `session_started`) that greets as
   * a new one does. The requested conversation is left as it was.
   */
  | { readonly kind: 'switch-conversation' }
  /**
   * Answer every user message on this connection with exactly `frames`
   * instead of the agent's answer (the agent's memory is untouched). The
   * turn counts as over once they are written, `response_complete` or not,
   * so `[{ type: 'error', message }]` is an answer of only an error.
   */
  | { readonly kind: 'answer'; readonly frames: readonly RawFrame[] }
  /**
   * The agent never completes a turn: every user message gets `typing` and
   * then nothing, while pings go on. Later messages queue behind it for good.
   */
  | { readonly kind: 'stall' };
