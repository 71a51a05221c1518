import WebSocket from 'ws';
import { paceFrames, type FrameLane } from './FramePacer.js';
import type { WebSocketConstructor, WebSocketLike } from './WebSocketLike.js';

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

/**
 * Hands a `ws` socket's inbound frames to `deliver` from its `message` event,
 * as `onmessage` would hand over `event.data` (text as a string, binary as
 * `binaryType` says), but without the `MessageEvent` `ws` builds for every
 * frame, and paced with every other socket of the process
 * ({@link paceFrames}): under a load the process cannot keep up with, frames
 * wait for the next turn of the event loop rather than hold every timer
 * back. Returns the socket's {@link FrameLane} (stop it to stop the
 * delivery), or `null` for a socket that is not a `ws` one: the caller then
 * uses `onmessage`.
 */
export function listenForFrames(
  socket: WebSocketLike,
  deliver: (data: unknown) => void,
): FrameLane | null {
  if (!(socket instanceof WebSocket)) return null;
  const lane = paceFrames(deliver, socket);
  const listener = (data: WebSocket.RawData, isBinary: boolean): void =>
    lane.deliver(isBinary ? data : String(data));
  socket.on('message', listener);
  return {
    deliver: (data) => lane.deliver(data),
    flush: () => lane.flush(),
    stop: () => {
      lane.stop();
      socket.off('message', listener);
    },
  };
}
