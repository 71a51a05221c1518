import WebSocket from 'ws';
import type { WebSocketConstructor } from './WebSocketLike.js';

/**
 * Node's WebSocket: `ws`, refusing any inbound frame over `maxFrameBytes`
 * before buffering it (the socket closes with 1009). The package's `browser`
 * field swaps this module for `defaultWebSocket.browser.js`, so browser
 * bundles never load `ws`.
 */
export function defaultWebSocketCtor(maxFrameBytes: number): WebSocketConstructor {
  return class LimitedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { maxPayload: maxFrameBytes });
    }
  };
}
