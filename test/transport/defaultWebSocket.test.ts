import WebSocket from 'ws';
import { once, type EventEmitter } from 'node:events';
import {
  closeSocket,
  defaultWebSocketCtor,
  listenToSocket,
} from '../../src/transport/defaultWebSocket';
import { rawServer } from '../support/rawServer';
import type { SocketListener } from '../../src/transport/WebSocketLike';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';

// A `ws` socket with no connection behind it (what a WebSocketServer builds
// for each client before the upgrade): its events are the test's to emit.
const unconnected = (): WebSocket =>
  new WebSocket(null as unknown as string, undefined, { autoPong: true });

/** A listener that writes down what it hears, in order. */
function recorder(): SocketListener & { heard: unknown[] } {
  const heard: unknown[] = [];
  return {
    heard,
    receive: (data) => heard.push(data),
    closed: (code, reason) => heard.push(`closed ${code} ${reason}`),
    errored: (error) => heard.push(`errored ${(error as Error).message}`),
  };
}

describe("Node's default socket class", () => {
  it('is one class per frame size limit, shared by every connection', () => {
    expect({
      'same limit': defaultWebSocketCtor(1000) === defaultWebSocketCtor(1000),
      'other limit': defaultWebSocketCtor(1000) === defaultWebSocketCtor(2000),
    }).toEqual({ 'same limit': true, 'other limit': false });
  });
});

describe('listenToSocket', () => {
  it("hands over a ws socket's text as a string and binary as it came", () => {
    const socket = unconnected();
    const listener = recorder();
    listenToSocket(socket, listener);
    const bytes = Buffer.from([1, 2, 3]);
    socket.emit('message', Buffer.from('{"type":"typing"}'), false);
    socket.emit('message', bytes, true);
    expect(listener.heard).toEqual(['{"type":"typing"}', bytes]);
  });

  it("hands over the socket's close with its reason as text, and its error", () => {
    const socket = unconnected();
    const listener = recorder();
    listenToSocket(socket, listener);
    socket.emit('error', new Error('Invalid WebSocket frame'));
    socket.emit('close', 1006, Buffer.from('gone'));
    expect(listener.heard).toEqual(['errored Invalid WebSocket frame', 'closed 1006 gone']);
  });

  it('listens to every socket with the same functions: no closures per socket', () => {
    const [first, second] = [unconnected(), unconnected()];
    listenToSocket(first, recorder());
    listenToSocket(second, recorder());
    const events = ['message', 'close', 'error'] as const;
    expect(events.map((event) => first.listeners(event)[0] === second.listeners(event)[0])).toEqual(
      [true, true, true],
    );
  });

  it('stops listening once stopped, but keeps a harmless error listener', () => {
    const socket = unconnected();
    const listener = recorder();
    listenToSocket(socket, listener)?.stop();
    socket.emit('message', Buffer.from('late'), false);
    socket.emit('close', 1000, Buffer.from(''));
    // `ws` emits 'error' when a connecting socket is closed: with no listener it would throw.
    socket.emit('error', new Error('WebSocket was closed before the connection was established'));
    expect({
      heard: listener.heard,
      listeners: ['message', 'close', 'error'].map((event) => socket.listenerCount(event)),
    }).toEqual({ heard: [], listeners: [0, 0, 1] });
  });

  it('returns null for a socket that is not a ws one, which then uses its on… handlers', () => {
    const { WebSocketCtor } = fakeWebSockets();
    expect(listenToSocket(new WebSocketCtor('wss://agent.test/x'), recorder())).toBeNull();
  });
});

describe('closeSocket', () => {
  it("cuts an open ws socket whose server never answers the close, rather than wait out ws's 30 s", async () => {
    const server = await rawServer(({ socket }) => {
      // A server that never answers a close: its receiver's close frame goes unheard.
      (socket as unknown as { _receiver: EventEmitter })._receiver.removeAllListeners('conclude');
    });
    const client = new WebSocket(server.url);
    await once(client, 'open');
    const clientClosed = once(client, 'close');
    closeSocket(client, 1000);
    // The server's side ends only when the client cuts the TCP connection.
    await once(server.connections[0]!.socket, 'close');
    const [code] = (await clientClosed) as [number];
    expect({ code, state: client.readyState }).toEqual({ code: 1006, state: WebSocket.CLOSED });
  });
});
