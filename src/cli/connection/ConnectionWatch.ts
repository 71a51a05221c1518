import WebSocket from 'ws';
import { CloseError } from '../../protocol/CloseError.js';
import type { WebSocketConstructor } from '../../transport/WebSocketLike.js';

/**
 * Watches the CLI's own sockets for why a connection failed. The session
 * reports a refused or unresolvable host as a bare 1006 close; the socket's
 * 'error' event still holds the reason (ECONNREFUSED, ENOTFOUND, a TLS code,
 * an HTTP status). This is an adapter until the session's `reconnects$`
 * carries that cause itself (see reconnectNotices.ts).
 */
export class ConnectionWatch {
  /** What ended the latest socket: its error if it had one, else its close code. */
  lastCause: unknown = undefined;
  /** Whether any socket has opened. */
  everOpened = false;

  /** `ws` with the session's frame limit, reporting to this watch. */
  webSocketCtor(maxFrameBytes: number): WebSocketConstructor {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below needs the watch, not its own `this`
    const watch = this;
    return class WatchedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { maxPayload: maxFrameBytes });
        let failure: Error | undefined;
        this.on('open', () => (watch.everOpened = true));
        this.on('error', (error: Error) => (failure ??= error));
        this.on('close', (code: number, reason: Buffer) => {
          watch.lastCause = failure ?? new CloseError(code, reason.toString());
        });
      }
    };
  }
}
