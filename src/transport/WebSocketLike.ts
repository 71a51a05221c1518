/**
 * The part of the W3C `WebSocket` this library uses. The browser's
 * `WebSocket` and `ws`'s both satisfy it, as does any compatible class a user
 * passes as `WebSocketCtor`. Handlers are typed `unknown` here so either
 * implementation's event types fit; the transport sets them through
 * {@link SocketHandlers}.
 */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: unknown;
  onmessage: unknown;
  onclose: unknown;
  onerror: unknown;
  /** Writes a text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
}

/** A W3C-compatible WebSocket class. */
export interface WebSocketConstructor {
  new (url: string, protocols?: string | string[]): WebSocketLike;
}

/** The handler shapes the transport relies on, common to both implementations. */
export interface SocketHandlers {
  onopen: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/**
 * What a connection attempt hears from its socket, as methods of one object:
 * a process holding thousands of sockets then needs no closures per socket
 * to listen to them.
 */
export interface SocketListener {
  /** An inbound frame: text as a string, binary as `binaryType` says. */
  receive(data: unknown): void;
  /** The socket closed, after every frame that came before the close was received. */
  closed(code: number, reason: string): void;
  /** The socket reported an error (`ws` passes its `Error`); its close follows. */
  errored(error: unknown): void;
}

export const ReadyState = { Connecting: 0, Open: 1, Closing: 2, Closed: 3 } as const;
