import WebSocket from 'ws';
import { defaultWebSocketCtor, listenForFrames } from '../../src/transport/defaultWebSocket';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';

// A `ws` socket with no connection behind it (what a WebSocketServer builds
// for each client before the upgrade): its events are the test's to emit.
const unconnected = (): WebSocket =>
  new WebSocket(null as unknown as string, undefined, { autoPong: true });

describe("Node's default socket class", () => {
  it('is one class per frame size limit, shared by every connection', () => {
    expect({
      'same limit': defaultWebSocketCtor(1000) === defaultWebSocketCtor(1000),
      'other limit': defaultWebSocketCtor(1000) === defaultWebSocketCtor(2000),
    }).toEqual({ 'same limit': true, 'other limit': false });
  });
});

describe('listenForFrames', () => {
  it("hands over a ws socket's text as a string and binary as it came", () => {
    const socket = unconnected();
    const delivered: unknown[] = [];
    listenForFrames(socket, (data) => delivered.push(data));
    const bytes = Buffer.from([1, 2, 3]);
    socket.emit('message', Buffer.from('{"type":"typing"}'), false);
    socket.emit('message', bytes, true);
    expect(delivered).toEqual(['{"type":"typing"}', bytes]);
  });

  it('stops delivering and leaves no listener on the socket once stopped', () => {
    const socket = unconnected();
    const delivered: unknown[] = [];
    listenForFrames(socket, (data) => delivered.push(data))?.stop();
    socket.emit('message', Buffer.from('late'), false);
    expect({ delivered, listeners: socket.listenerCount('message') }).toEqual({
      delivered: [],
      listeners: 0,
    });
  });

  it('returns null for a socket that is not a ws one, which then uses onmessage', () => {
    const { WebSocketCtor } = fakeWebSockets();
    expect(listenForFrames(new WebSocketCtor('wss://agent.test/x'), () => undefined)).toBeNull();
  });
});
