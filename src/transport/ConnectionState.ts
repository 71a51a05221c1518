import type { Diagnostic } from '../protocol/Diagnostic.js';

/** Where a connection is in its life. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the transport tells its owner besides frames (used by the session). */
export interface ConnectionHooks {
  /** The connection moved to `state`; for `reconnecting`, which attempt and after what delay. */
  onState?(state: ConnectionState, detail?: ReconnectDetail): void;
  /** A socket opened: `socket` writes to it until the connection leaves `open`. */
  onOpen?(socket: OpenSocket): void;
  /** A frame did not decode; in place of the options' `onDiagnostic`. */
  onDiagnostic?(diagnostic: Diagnostic): void;
}

/** The socket a connection has open. */
export interface OpenSocket {
  /**
   * Writes a client frame if the socket is still open; false if it is not
   * (closing: its close event has not come yet), and the frame was not sent.
   */
  write(data: string): boolean;
  /**
   * Gives up on the socket (closing it with 4000, the reason taken from
   * `cause`): the attempt fails with `cause`, which is retried with backoff
   * like a drop (e.g. a turn that outlived its deadline).
   */
  abort(cause: Error): void;
}

/** Reconnect progress, enough to show "reconnecting in 3 s (attempt 2 of 10)". */
export interface ReconnectDetail {
  /** 1 for the first attempt after a healthy connection. */
  readonly attempt: number;
  /** The budget: the stream gives up after this many attempts without a healthy connection. */
  readonly maxAttempts: number;
  /** How long until the attempt. */
  readonly delayMs: number;
  /** What ended the previous socket. */
  readonly cause: unknown;
}
