import { connectionFrames } from '../../src/transport/connectionFrames';
import type { ConnectionState, ReconnectDetail } from '../../src/transport/ConnectionState';
import { resolveTextStreamOptions } from '../../src/transport/TextStreamOptions';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import { virtualClock } from '../support/virtualClock';

// The hooks the session builds on: reconnect progress and aborting a socket.
function setup() {
  const clock = virtualClock();
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const config = resolveTextStreamOptions({
    url: 'wss://agent.test/agent/text-stream',
    WebSocketCtor,
    scheduler: clock.scheduler,
    random: () => 0.5,
    reconnect: { maxAttempts: 4, initialDelayMs: 1000, maxDelayMs: 8000 },
  });
  const states: [ConnectionState, ReconnectDetail | undefined][] = [];
  const aborts: ((cause: Error) => void)[] = [];
  const outcome: { error?: unknown } = {};
  connectionFrames(config, {
    onState: (state, detail) => states.push([state, detail]),
    onOpen: (_send, abort) => aborts.push(abort),
  }).subscribe({ error: (error: unknown) => (outcome.error = error) });
  return { clock, sockets, states, aborts, outcome };
}

describe('connectionFrames hooks', () => {
  it('reports each reconnect with its attempt, the budget, the delay and the cause', () => {
    const { clock, sockets, states } = setup();
    sockets[0]?.open();
    sockets[0]?.serverClose(1012);
    clock.advance(500);
    sockets[1]?.serverClose(1006);
    expect(states).toEqual([
      ['connecting', undefined],
      ['open', undefined],
      [
        'reconnecting',
        {
          attempt: 1,
          maxAttempts: 4,
          delayMs: 500,
          cause: expect.objectContaining({ code: 1012 }),
        },
      ],
      [
        'reconnecting',
        {
          attempt: 2,
          maxAttempts: 4,
          delayMs: 1000,
          cause: expect.objectContaining({ code: 1006 }),
        },
      ],
    ]);
  });

  it('aborts the current socket with 4000 and retries it like a drop', () => {
    const { clock, sockets, states, aborts, outcome } = setup();
    sockets[0]?.open();
    sockets[0]?.receive(frames.sessionStarted('conv_5'));
    const cause = new Error('turn deadline passed');
    aborts[0]?.(cause);
    expect(sockets[0]?.closedByClient).toBe(4000);
    expect(states.at(-1)).toEqual([
      'reconnecting',
      { attempt: 1, maxAttempts: 4, delayMs: 500, cause },
    ]);
    clock.advance(500);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]?.param('conversation_id')).toBe('conv_5');
    expect(outcome.error).toBeUndefined();
  });
});
