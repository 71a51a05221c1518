import WebSocket from 'ws';
import { CloseError } from '../../protocol/CloseError.js';
import { ConnectTimeoutError } from '../../transport/ConnectTimeoutError.js';
import type { WebSocketConstructor } from '../../transport/WebSocketLike.js';

/**
 * Watches the CLI's own sockets for why a connection failed. The session
 * reports a refused or unresolvable host as a bare 1006 close; the socket's
 * 'error' event still holds the reason (ECONNREFUSED, ENOTFOUND, a TLS code,
 * an HTTP status). This is an adapter until the session's `reconnects$`
 * carries that cause itself (see reconnectNotices.ts).
 */
export class ConnectionWatch {
  #lastCause: unknown = undefined;
  /** The latest socket has neither opened nor closed yet. */
  #stillConnecting = false;

  constructor(private readonly connectTimeoutMs: number) {}

  /**
   * What ended the latest socket: its error if it had one, else its close
   * code. A socket the session gave up on while it was still connecting
   * (its own close comes later) ran out of time.
   */
  get lastCause(): unknown {
    return this.#stillConnecting ? new ConnectTimeoutError(this.connectTimeoutMs) : this.#lastCause;
  }

  /** `ws` with the session's frame limit, reporting to this watch. */
  webSocketCtor(maxFrameBytes: number): WebSocketConstructor {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below needs the watch, not its own `this`
    const watch = this;
    return class WatchedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { maxPayload: maxFrameBytes });
        let failure: Error | undefined;
        watch.#stillConnecting = true;
        this.on('open', () => (watch.#stillConnecting = false));
        this.on('error', (error: Error) => (failure ??= error));
        this.on('close', (code: number, reason: Buffer) => {
          watch.#stillConnecting = false;
          watch.#lastCause = failure ?? new CloseError(code, reason.toString());
        });
      }
    };
  }
}
