import type { WebSocketConstructor } from './WebSocketLike.js';

/** The browser's own WebSocket; `ws` is never loaded here. */
export function defaultWebSocketCtor(): WebSocketConstructor {
  const ctor = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (ctor === undefined) {
    throw new TypeError('no global WebSocket here; pass WebSocketCtor');
  }
  return ctor;
}
