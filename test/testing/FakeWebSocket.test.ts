import { FakeWebSocket } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import { globalTestHooks } from '../../src/testing/TestHooks';

// The testing kit's own doubles, as a user's test sees them: what each
// starts as and refuses (found by the kit's first mutation run).
describe('FakeWebSocket', () => {
  it('starts connecting, with a browser socket’s default binaryType', () => {
    const socket = new FakeWebSocket('ws://agent.test/ws');
    expect({ readyState: socket.readyState, binaryType: socket.binaryType }).toEqual({
      readyState: 0,
      binaryType: 'blob',
    });
  });

  it('refuses a send before open and after close, naming itself', () => {
    const socket = new FakeWebSocket('ws://agent.test/ws');
    expect(() => socket.send('{}')).toThrow('FakeWebSocket: send() before open or after close');
    socket.open();
    socket.send('{"type":"stop"}');
    socket.close(4000);
    expect(() => socket.send('{}')).toThrow('FakeWebSocket: send() before open or after close');
    expect(socket.sent).toEqual([{ type: 'stop' }]);
  });

  it('keeps the first close code: a second close, or one while closing, changes nothing', () => {
    const closed = new FakeWebSocket('ws://agent.test/ws');
    closed.close(4000);
    closed.close(1000);
    const closing = new FakeWebSocket('ws://agent.test/ws');
    closing.readyState = 2;
    closing.close(1000);
    expect([closed.closedByClient, closing.closedByClient, closing.readyState]).toEqual([
      4000,
      undefined,
      2,
    ]);
  });

  it('delivers an object as JSON text, and text or bytes as they are', () => {
    const socket = new FakeWebSocket('ws://agent.test/ws');
    const data: unknown[] = [];
    socket.onmessage = (event) => data.push(event.data);
    const bytes = new ArrayBuffer(2);
    socket.receive({ type: 'ping' });
    socket.receive('{"type":"typing"}');
    socket.receive(bytes);
    expect(data).toEqual(['{"type":"ping"}', '{"type":"typing"}', bytes]);
    expect(data[2]).toBe(bytes);
  });
});

describe('frames', () => {
  it('gives session_started its default ids', () => {
    expect(frames.sessionStarted()).toEqual({
      type: 'session_started',
      session_id: 'ss_1',
      conversation_id: 'conv_1',
    });
  });
});

describe('globalTestHooks', () => {
  it('finds the hooks only when both beforeEach and afterEach are functions', () => {
    const globals = globalThis as Record<string, unknown>;
    const saved = globals.beforeEach;
    let withoutBeforeEach: unknown;
    try {
      globals.beforeEach = undefined;
      withoutBeforeEach = globalTestHooks();
    } finally {
      globals.beforeEach = saved;
    }
    expect({ withoutBeforeEach, withBoth: globalTestHooks() === globalThis }).toEqual({
      withoutBeforeEach: undefined,
      withBoth: true,
    });
  });
});
