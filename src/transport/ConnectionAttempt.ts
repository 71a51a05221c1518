import type { Subscription } from 'rxjs';
import { closeSocket, listenToSocket } from './defaultWebSocket.js';
import type { FrameLane } from './FramePacer.js';
import type { OpenSocket } from './ConnectionState.js';
import type { Watchdog } from '../operators/Watchdog.js';
import type { ReadyState, SocketHandlers, SocketListener, WebSocketLike } from './WebSocketLike.js';

// The socket states, as literals the type checker holds to ReadyState's
// names: reading `ReadyState.X` would bundle the whole table into every app
// that connects.
const Connecting: (typeof ReadyState)['Connecting'] = 0;
const Open: (typeof ReadyState)['Open'] = 1;

/**
 * What an attempt reports to: the connection that made it. An interface
 * rather than the class, so that this file does not import the connection
 * that imports it.
 */
export interface AttemptOwner {
  received(attempt: ConnectionAttempt, data: unknown): void;
  closed(attempt: ConnectionAttempt, code: number, reason: string): void;
  errored(attempt: ConnectionAttempt, error: unknown): void;
  opened(attempt: ConnectionAttempt, socket: WebSocketLike): void;
  abort(attempt: ConnectionAttempt, cause: Error): void;
  /** The attempt failed with `error` (a deadline passed, the socket closed...). */
  fail(attempt: ConnectionAttempt, error: unknown): void;
}

const ignore = (): void => undefined;

/**
 * One socket attempt: its socket once created, and its timers. It listens to
 * its socket itself, passing what it hears to its connection. Its deadlines
 * are armed and stopped by `attemptDeadlines.ts`; which attempt is current,
 * and what a failure leads to, is the connection's business.
 */
export class ConnectionAttempt implements SocketListener, OpenSocket {
  readonly owner: AttemptOwner;
  socket: WebSocketLike | null = null;
  /** Until open: the connect deadline (or the credentials' deadline before that). */
  connectTimer: Subscription | undefined;
  handshake: Subscription | undefined;
  watchdog: Watchdog | undefined;
  /**
   * When this socket's first `session_started` arrived, `-1` until then: ends
   * the handshake deadline, and tells the retry budget whether the
   * connection proved healthy.
   */
  startedAt = -1;
  /**
   * A frame of a turn (not a ping, not a completion) came on this socket: a
   * `response_complete` from then on refills the retry budget. Declared, not
   * initialised: unset reads as false, and costs no app bundle a byte.
   */
  declare heard: boolean | undefined;
  /** A `ws` socket's lane (paced frames, shared listeners); `null` where its `on…` handlers listen. */
  frames: FrameLane | null = null;
  /** Whether this socket resumes a conversation of ours; decides what a 4409 means. */
  resuming = false;
  /** Set once the attempt failed or was torn down: nothing more comes from it. */
  dead = false;

  constructor(owner: AttemptOwner) {
    this.owner = owner;
  }

  receive(data: unknown): void {
    this.owner.received(this, data);
  }

  closed(code: number, reason: string): void {
    this.owner.closed(this, code, reason);
  }

  errored(error: unknown): void {
    this.owner.errored(this, error);
  }

  write(data: string): boolean {
    const socket = this.socket;
    // A closing socket's `send` drops the frame without a word.
    if (socket === null || socket.readyState !== Open) return false;
    socket.send(data);
    return true;
  }

  abort(cause: Error): void {
    this.owner.abort(this, cause);
  }

  /** Takes `socket` as this attempt's, and listens to it. */
  listen(socket: WebSocketLike): void {
    this.socket = socket;
    const handlers = socket as unknown as SocketHandlers;
    handlers.onopen = () => this.owner.opened(this, socket);
    this.frames = listenToSocket(socket, this);
    if (this.frames === null) {
      handlers.onmessage = (event) => this.receive(event.data);
      handlers.onclose = (event) => this.closed(event.code, event.reason);
      handlers.onerror = (event) => this.errored((event as { error?: unknown } | null)?.error);
    }
  }

  /** Stops listening to the socket, and closes it if it is not closing already. */
  release(): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    const handlers = socket as unknown as SocketHandlers;
    handlers.onopen = null;
    if (this.frames !== null) {
      this.frames.stop();
      this.frames = null;
    } else {
      handlers.onmessage = null;
      handlers.onclose = null;
      // Kept as a no-op, not null: `ws` emits 'error' when a CONNECTING socket
      // is closed, and an EventEmitter with no 'error' listener throws.
      handlers.onerror = ignore;
    }
    if (socket.readyState === Connecting || socket.readyState === Open) {
      closeSocket(socket, 1000);
    }
  }
}
