import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ConnectionWatch } from '../../../src/cli/connection/ConnectionWatch';
import { CloseError } from '../../../src/protocol/CloseError';
import { ConnectTimeoutError } from '../../../src/transport/ConnectTimeoutError';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A TCP server that accepts and never answers the upgrade. */
async function silentServer(): Promise<string> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** A socket from `watch`, with promises for its open and close. */
function open(watch: ConnectionWatch, url: string, maxFrameBytes = 1024) {
  const socket = new (watch.webSocketCtor(maxFrameBytes))(url);
  const opened = new Promise<void>((resolve) => (socket.onopen = resolve));
  const closed = new Promise<void>((resolve) => (socket.onclose = resolve));
  socket.onerror = () => undefined;
  return { socket, opened, closed };
}

async function wsServer(onConnection: (peer: import('ws').WebSocket) => void): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  closers.push(() => {
    for (const peer of wss.clients) peer.terminate();
    return new Promise((resolve) => wss.close(resolve));
  });
  wss.on('connection', onConnection);
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
}

describe('ConnectionWatch', () => {
  it('knows no cause before any socket', () => {
    expect(new ConnectionWatch(1000).lastCause).toBeUndefined();
  });

  it('takes a socket still connecting for one that ran out of time, then its own failure', async () => {
    const watch = new ConnectionWatch(2500);
    const { socket, closed } = open(watch, await silentServer());
    expect(watch.lastCause).toEqual(new ConnectTimeoutError(2500));
    socket.close();
    await closed;
    expect(watch.lastCause).toBeInstanceOf(Error);
    expect(watch.lastCause).not.toBeInstanceOf(ConnectTimeoutError);
  });

  it('keeps the close code and reason of a socket that opened and closed', async () => {
    const watch = new ConnectionWatch(2500);
    const { opened, closed } = open(watch, await wsServer((peer) => peer.close(4001, 'bye')));
    await opened;
    expect(watch.lastCause).toBeUndefined();
    await closed;
    expect(watch.lastCause).toEqual(new CloseError(4001, 'bye'));
  });

  it('refuses a frame over the limit it was given, with the socket error as the cause', async () => {
    const watch = new ConnectionWatch(2500);
    const url = await wsServer((peer) => peer.send('x'.repeat(2048)));
    const big = open(watch, url, 4096);
    await new Promise((resolve) => (big.socket.onmessage = resolve));
    const small = open(watch, url, 1024);
    await small.closed;
    expect(watch.lastCause).toMatchObject({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
  });
});
