import WebSocket from 'ws';
import type { WebSocketConstructor } from './WebSocketLike.js';

/**
 * Node's WebSocket: `ws`. The package's `browser` field swaps this module for
 * `defaultWebSocket.browser.js`, so browser bundles never load `ws`.
 */
export function defaultWebSocketCtor(): WebSocketConstructor {
  return WebSocket;
}
