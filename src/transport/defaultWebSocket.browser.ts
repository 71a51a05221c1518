import type { FrameLane } from './FramePacer.js';
import type { SocketListener, WebSocketConstructor, WebSocketLike } from './WebSocketLike.js';

/**
 * The browser's own WebSocket; `ws` is never loaded here. Browsers cannot cap
 * a frame before it is buffered, so `maxFrameBytes` is checked on receipt.
 */
export function defaultWebSocketCtor(_maxFrameBytes: number): WebSocketConstructor {
  const ctor = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (ctor === undefined) {
    throw new TypeError('no global WebSocket here; pass WebSocketCtor');
  }
  return ctor;
}

/** A browser closes its sockets on its own schedule. */
export function closeSocket(socket: WebSocketLike, code: number, reason?: string): void {
  socket.close(code, reason);
}

/** A browser socket is listened to through its `on…` handlers only. */
export function listenToSocket(
  _socket: WebSocketLike,
  _listener: SocketListener,
): FrameLane | null {
  return null;
}
