import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConnectionRecord, ReceivedMessage } from './ConnectionRecord.js';
import type { Fault } from './Fault.js';
import type { RawFrame } from './RawFrame.js';
import { ReferenceServer, type ReferenceServerOptions } from './ReferenceServer.js';

/** Options of {@link startReferenceServer}: the core's, plus where to listen. */
export interface StartReferenceServerOptions extends ReferenceServerOptions {
  /** Default 127.0.0.1: the server is for tests and demos, not the network. */
  readonly host?: string;
  /** Default 0: a free port, read back from `port` and `url`. */
  readonly port?: number;
  /** Largest client frame accepted; a bigger one closes the socket with 1009. Default 64 KiB. */
  readonly maxClientFrameBytes?: number;
}

/**
 * A reference server listening on a real socket. It is `AsyncDisposable`, so
 * `await using server = await startReferenceServer()` closes it at the end of
 * the block under any test runner (Node 20's `Symbol.asyncDispose`).
 */
export interface RunningReferenceServer extends AsyncDisposable {
  /** `ws://host:port/agent/text-stream` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The transport-agnostic core, for anything not surfaced here. */
  readonly core: ReferenceServer;
  /** Every connection so far, with what the server saw on it. */
  readonly connections: readonly ConnectionRecord[];
  /** Sockets open right now. */
  readonly openSockets: number;
  /** Every user message received, optionally for one conversation. */
  messages(conversationId?: string): ReceivedMessage[];
  /** Queues faults for the next connections, one each. */
  inject(...faults: Fault[]): void;
  /** Closes every open connection with `code`, or cuts them (1006) without one. */
  dropAll(code?: number): void;
  /**
   * Writes `frames` to connection `index` now, outside any turn (a string
   * verbatim, anything else as JSON); false when it is not open.
   */
  push(index: number, ...frames: RawFrame[]): boolean;
  /** Resolves once `count` user messages have been received (optionally in one conversation). */
  received(count: number, conversationId?: string): Promise<ReceivedMessage[]>;
  /** Resolves once connection `index` has been accepted (0 for the first). */
  connection(index: number): Promise<ConnectionRecord>;
  /** Resolves once connection `index` has closed, from either side. */
  closed(index: number): Promise<ConnectionRecord>;
  /** Stops listening, closes every connection and every timer. */
  close(): Promise<void>;
}

/**
 * Starts the reference server on `ws`.
 *
 * ## Example
 * ```ts
 * import { startReferenceServer } from 'rxjs-text-stream/server';
 *
 * const server = await startReferenceServer({ pingIntervalMs: 5000 });
 * console.log(server.url); // ws://127.0.0.1:40123/agent/text-stream
 * await server.close();
 * ```
 */
export async function startReferenceServer(
  options: StartReferenceServerOptions = {},
): Promise<RunningReferenceServer> {
  const { host = '127.0.0.1', port = 0, maxClientFrameBytes = 64 * 1024 } = options;
  const core = new ReferenceServer(options);
  const sockets = new Set<WebSocket>();
  // 'accepted' and 'closed' events let tests await the server instead of polling it.
  const events = new EventEmitter();
  const closedIndexes = new Set<number>();
  let closing: Promise<void> | undefined;
  const when = (
    event: 'accepted' | 'closed',
    index: number,
    done: (record: ConnectionRecord) => boolean,
  ) =>
    new Promise<ConnectionRecord>((resolve) => {
      const check = (): boolean => {
        const record = core.connections[index];
        if (record === undefined || !done(record)) return false;
        events.off(event, check);
        resolve(record);
        return true;
      };
      if (!check()) events.on(event, check);
    });
  const wss = new WebSocketServer({
    host,
    port,
    maxPayload: maxClientFrameBytes,
    // Browsers fail a handshake whose answer names no offered subprotocol.
    handleProtocols: (protocols) => (protocols.has('auth') ? 'auth' : false),
  });
  wss.on('connection', (socket, request) => {
    sockets.add(socket);
    const protocols = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((protocol) => protocol.trim())
      .filter(Boolean);
    const index = core.accepted;
    const handlers = core.accept(
      {
        send: (data, afterWrite) => socket.send(data, afterWrite && (() => afterWrite())),
        close: (code, reason) => socket.close(code, reason),
        terminate: () => socket.terminate(),
      },
      { url: request.url ?? '/', protocols },
    );
    events.emit('accepted');
    socket.on('message', (data) => {
      handlers.onMessage(data.toString());
      events.emit('message');
    });
    socket.on('close', (code) => {
      sockets.delete(socket);
      handlers.onClose(code);
      if (core.history) closedIndexes.add(index);
      events.emit('closed');
    });
    // Errors (an oversized frame, a reset) are followed by 'close'.
    socket.on('error', () => undefined);
  });
  await once(wss, 'listening');
  const close = (): Promise<void> => {
    // Idempotent: a test may close early and its afterEach close again.
    closing ??= (async () => {
      core.dispose();
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve, reject) =>
        wss.close((err) => (err ? reject(err) : resolve())),
      );
    })();
    return closing;
  };
  const address = wss.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `ws://${hostForUrl}:${address.port}/agent/text-stream`,
    host: address.address,
    port: address.port,
    core,
    connections: core.connections,
    get openSockets() {
      return sockets.size;
    },
    messages: (conversationId) => core.messages(conversationId),
    inject: (...faults) => core.inject(...faults),
    dropAll: (code) => core.dropAll(code),
    push: (index, ...frames) => core.push(index, ...frames),
    received: (count, conversationId) =>
      new Promise<ReceivedMessage[]>((resolve) => {
        const check = (): boolean => {
          const messages = core.messages(conversationId);
          if (messages.length < count) return false;
          events.off('message', check);
          resolve(messages);
          return true;
        };
        if (!check()) events.on('message', check);
      }),
    connection: (index) => when('accepted', index, () => true),
    closed: (index) => when('closed', index, () => closedIndexes.has(index)),
    close,
    [Symbol.asyncDispose]: close,
  };
}
