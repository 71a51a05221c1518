import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One connection a {@link rawServer} accepted. */
export interface RawConnection {
  readonly socket: WebSocket;
  readonly url: URL;
  /** The offered subprotocols, e.g. `['auth', token]`. */
  readonly protocols: readonly string[];
  readonly index: number;
}

export interface RawServer {
  readonly url: string;
  readonly connections: RawConnection[];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/**
 * A bare `ws` server on 127.0.0.1 and a free port, playing a hostile or
 * scripted platform: `onConnection` decides everything it sends. Closed
 * after the test whatever happens.
 */
export async function rawServer(
  onConnection: (connection: RawConnection) => void,
): Promise<RawServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('auth') ? 'auth' : false),
  });
  await once(wss, 'listening');
  const connections: RawConnection[] = [];
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const connection: RawConnection = {
      socket,
      url: new URL(request.url ?? '/', 'ws://127.0.0.1'),
      protocols: (request.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((protocol) => protocol.trim())
        .filter(Boolean),
      index: connections.length,
    };
    connections.push(connection);
    onConnection(connection);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  );
  const { port } = wss.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/agent/text-stream`, connections };
}

/** A TCP server that accepts connections and never answers the HTTP upgrade. */
export async function stuckServer(): Promise<{ url: string; accepted: () => number }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let accepted = 0;
  server.on('connection', () => (accepted += 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/agent/text-stream`, accepted: () => accepted };
}
