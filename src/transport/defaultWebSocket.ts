import WebSocket from 'ws';
import type { WebSocketConstructor } from './WebSocketLike.js';

// One class per limit, shared by every connection: a class per connect()
// costs kilobytes of heap per session in a process holding thousands.
const byLimit = new Map<number, WebSocketConstructor>();

/**
 * Node's WebSocket: `ws`, refusing any inbound frame over `maxFrameBytes`
 * before buffering it (the socket closes with 1009). The package's `browser`
 * field swaps this module for `defaultWebSocket.browser.js`, so browser
 * bundles never load `ws`.
 */
export function defaultWebSocketCtor(maxFrameBytes: number): WebSocketConstructor {
  let ctor = byLimit.get(maxFrameBytes);
  if (ctor === undefined) {
    ctor = class LimitedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { maxPayload: maxFrameBytes });
      }
    };
    byLimit.set(maxFrameBytes, ctor);
  }
  return ctor;
}
