import type { WebSocketConstructor, WebSocketLike } from '../transport/WebSocketLike.js';

/**
 * A WebSocket double for virtual-time tests: nothing touches the network, and
 * the test plays the server (`open()`, `receive()`, `serverClose()`).
 */
export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  binaryType = 'blob';
  /** Set by the client; called by {@link FakeWebSocket.open}. */
  onopen: (() => void) | null = null;
  /** Set by the client; called by {@link FakeWebSocket.receive}. */
  onmessage: ((event: { data: unknown }) => void) | null = null;
  /** Set by the client; called by {@link FakeWebSocket.serverClose}. */
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  /** Set by the client; a fake socket never errors on its own. */
  onerror: (() => void) | null = null;
  /** Everything the client wrote, parsed. */
  readonly sent: unknown[] = [];
  /** The code the client closed with, if it did. */
  closedByClient: number | undefined;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {}

  /** The client writes a frame; it is recorded, parsed, in {@link FakeWebSocket.sent}. */
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('FakeWebSocket: send() before open or after close');
    this.sent.push(JSON.parse(data));
  }

  /** The client closes; the code is kept in {@link FakeWebSocket.closedByClient}. */
  close(code = 1000): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.closedByClient = code;
  }

  /** The server accepts the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  /** The server sends a frame (an object is sent as JSON). */
  receive(frame: unknown): void {
    this.onmessage?.({
      data:
        typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame),
    });
  }

  /** The server (or the network) closes the connection with `code`. */
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** The URL's query parameter `name`. */
  param(name: string): string | null {
    return new URL(this.url).searchParams.get(name);
  }
}

/** A recording WebSocket class and what it recorded. */
export interface FakeWebSockets {
  /** Pass this as `WebSocketCtor`. */
  readonly WebSocketCtor: WebSocketConstructor;
  /** Every socket created so far, in order. */
  readonly sockets: FakeWebSocket[];
}

/** A `WebSocketCtor` that records every socket it creates. */
export function fakeWebSockets(): {
  readonly WebSocketCtor: WebSocketConstructor;
  readonly sockets: FakeWebSocket[];
} {
  const sockets: FakeWebSocket[] = [];
  class RecordedFakeWebSocket extends FakeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return { WebSocketCtor: RecordedFakeWebSocket, sockets };
}
