import WebSocket from 'ws';
import { Lane, type FrameLane } from './FramePacer.js';
import type { SocketListener, WebSocketConstructor, WebSocketLike } from './WebSocketLike.js';

/** Where a listened-to `ws` socket keeps its lane, for the shared listeners. */
const laneOf = Symbol('rxjs-text-stream lane');

type ListenedSocket = WebSocket & { [laneOf]?: SocketLane | undefined };

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
      // Declared, so the lane has a slot of its own from the start.
      [laneOf]: SocketLane | undefined = undefined;

      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { maxPayload: maxFrameBytes });
      }
    };
    byLimit.set(maxFrameBytes, ctor);
  }
  return ctor;
}

/**
 * Listens to a `ws` socket for `listener`: its frames from the `message`
 * event, as `onmessage` would hand over `event.data` (text as a string,
 * binary as `binaryType` says) but without the `MessageEvent` `ws` builds for
 * every frame, and its close and error. The listeners are functions shared by
 * every socket, which find the socket's lane through it, so a connection
 * costs no closures.
 *
 * Frames are paced with every other socket of the process
 * ({@link paceFrames}): under a load the process cannot keep up with, they
 * wait for the next turn of the event loop rather than hold every timer
 * back; those still waiting when the socket closes or errors are handed on
 * first. Returns the socket's {@link FrameLane} (stop it to stop listening),
 * or `null` for a socket that is not a `ws` one: the caller then uses its
 * `on…` handlers.
 */
export function listenToSocket(socket: WebSocketLike, listener: SocketListener): FrameLane | null {
  if (!(socket instanceof WebSocket)) return null;
  const listened = socket as ListenedSocket;
  const lane = new SocketLane(listener, listened);
  listened[laneOf] = lane;
  listened.on('message', onMessage);
  listened.on('close', onClose);
  // Never removed: `ws` emits 'error' when a connecting socket is closed,
  // and an EventEmitter with no 'error' listener throws.
  if (!listened.listeners('error').includes(onError)) listened.on('error', onError);
  return lane;
}

/**
 * How long a `ws` socket we closed waits for the server's half of the
 * closing handshake before it is cut. A server that never answers would
 * otherwise keep the socket, and the process, for `ws`'s own 30 s.
 */
export const CLOSE_GRACE_MS = 2000;

/**
 * Closes a socket the connection is done with. An open `ws` socket whose
 * server has not answered the close within {@link CLOSE_GRACE_MS} is cut
 * (`terminate()`); the timer never holds the process open by itself.
 */
export function closeSocket(socket: WebSocketLike, code: number, reason?: string): void {
  const handshake = socket instanceof WebSocket && socket.readyState === WebSocket.OPEN;
  socket.close(code, reason);
  // Only an open socket waits for the server (a connecting one is aborted at once).
  if (!handshake) return;
  const timer = setTimeout(cut, CLOSE_GRACE_MS, socket);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

function cut(socket: WebSocket): void {
  socket.terminate();
}

class SocketLane extends Lane<SocketListener, ListenedSocket> {
  override stop(): void {
    super.stop();
    const socket = this.backpressure;
    if (socket === undefined || socket[laneOf] !== this) return;
    socket[laneOf] = undefined;
    socket.off('message', onMessage);
    socket.off('close', onClose);
  }
}

function onMessage(this: ListenedSocket, data: WebSocket.RawData, isBinary: boolean): void {
  this[laneOf]?.deliver(isBinary ? data : String(data));
}

function onClose(this: ListenedSocket, code: number, reason: Buffer): void {
  caughtUp(this)?.closed(code, String(reason));
}

function onError(this: ListenedSocket, error: Error): void {
  caughtUp(this)?.errored(error);
}

/** The socket's listener, once every frame that came before this event is handed on. */
function caughtUp(socket: ListenedSocket): SocketListener | undefined {
  const lane = socket[laneOf];
  lane?.flush();
  return lane?.receiver;
}
