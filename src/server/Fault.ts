/**
 * Faults the reference server injects, each into one connection: the next
 * connection to open takes the next fault from the queue.
 */
export type Fault =
  /** Close the socket right after this many frames (of any type) were written. Without `code` the TCP connection is cut (the client sees 1006). */
  | { readonly kind: 'drop'; readonly afterFrames: number; readonly code?: number }
  /** Close at once, before `session_started`, with `code` (e.g. 4403, 1013, 4029). */
  | { readonly kind: 'reject'; readonly code: number; readonly reason?: string }
  /** Stop writing anything, pings included, after this many frames; the socket stays open. */
  | { readonly kind: 'silence'; readonly afterFrames: number };
