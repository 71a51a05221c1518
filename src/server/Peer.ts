/**
 * What the server core needs of one client connection. The core knows nothing
 * of the socket library; `ws.ts` adapts a `ws` socket to this.
 */
export interface Peer {
  /** Writes a text frame; `afterWrite` runs once it has left the process. */
  send(data: string, afterWrite?: () => void): void;
  /** Closes with a close frame. */
  close(code: number, reason?: string): void;
  /** Cuts the connection without a close frame (the client sees 1006). */
  terminate(): void;
}

/** The upgrade request, as far as the core cares. */
export interface PeerRequest {
  /** Path and query, e.g. `/agent/text-stream?conversation_id=conv_1`. */
  readonly url: string;
  /** The offered subprotocols, in order. */
  readonly protocols: readonly string[];
}

/** What the adapter calls back into the core with. */
export interface PeerHandlers {
  /** A text frame arrived from the client. */
  onMessage(data: string): void;
  /** The connection closed with `code`. */
  onClose(code: number): void;
}
