/** Where a connection is in its life. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the transport tells its owner besides frames (used by the session). */
export interface ConnectionHooks {
  /** The connection moved to `state`; for `reconnecting`, which attempt and after what delay. */
  readonly onState?: (state: ConnectionState, detail?: ReconnectDetail) => void;
  /**
   * A socket opened; `send` writes a client frame to it until it closes, and
   * `abort` drops it as dead (the attempt ends with `cause`, which decides
   * whether to reconnect as any close would).
   */
  readonly onOpen?: (send: (data: string) => void, abort: (cause: Error) => void) => void;
}

export interface ReconnectDetail {
  /** 1 for the first attempt after a healthy connection. */
  readonly attempt: number;
  readonly delayMs: number;
  /** What ended the previous socket. */
  readonly cause: unknown;
}
