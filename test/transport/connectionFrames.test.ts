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
    onOpen: (socket) => aborts.push((cause) => socket.abort(cause)),
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

// `ws` reports its own refusal of an inbound frame as an error event (and a
// local 1006): the code it sent the server decides whether a retry can help.
describe('a frame the socket library refused', () => {
  const refuse = (code: string) => {
    const { sockets, states, outcome } = setup();
    sockets[0]?.open();
    const onerror = sockets[0]?.onerror as ((event: unknown) => void) | null | undefined;
    onerror?.({ error: Object.assign(new Error('socket error'), { code }) });
    return { states, outcome };
  };

  it.each([
    ['WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009],
    ['WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH', 1009],
    ['WS_ERR_INVALID_UTF8', 1007],
    ['WS_ERR_TOO_MANY_BUFFERED_PARTS', 1008],
    ['WS_ERR_INVALID_OPCODE', 1002],
    // A compressed frame that does not inflate: ws closes with 1007 and passes zlib's error on.
    ['Z_DATA_ERROR', 1007],
  ])('ends the stream on %s as a terminal %i, without retrying', (code, closeCode) => {
    const { states, outcome } = refuse(code);
    expect({ [`stream error after ${code}`]: outcome.error }).toEqual({
      [`stream error after ${code}`]: expect.objectContaining({
        code: closeCode,
        retryable: false,
      }),
    });
    expect(states.map(([state]) => state)).toEqual(['connecting', 'open', 'closed']);
  });

  it('names the limit in a 1009 it refused for maxFrameBytes', () => {
    const { outcome } = refuse('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    expect(outcome.error).toMatchObject({
      message: expect.stringContaining('an inbound frame exceeded maxFrameBytes (1048576)'),
    });
  });

  it('leaves any other socket error to the close event that follows it', () => {
    const { states, outcome } = refuse('ECONNRESET');
    expect({ 'after a plain socket error': { states, error: outcome.error } }).toEqual({
      'after a plain socket error': {
        states: [
          ['connecting', undefined],
          ['open', undefined],
        ],
        error: undefined,
      },
    });
  });
});

describe('the close reason of an aborted socket', () => {
  const abortWith = (message: string): string | undefined => {
    const { sockets, aborts } = setup();
    sockets[0]?.open();
    const socket = sockets[0];
    if (socket === undefined) throw new Error('no socket was opened');
    const close = jest.spyOn(socket, 'close');
    aborts[0]?.(new Error(message));
    return (close.mock.calls[0] as unknown[] | undefined)?.[1] as string | undefined;
  };

  it('is the cause when it fits in 123 bytes', () => {
    expect(abortWith('x'.repeat(123))).toBe('x'.repeat(123));
  });

  it('is cut to at most 123 bytes of whole characters, marked with ...', () => {
    const reason = abortWith('é'.repeat(100)) ?? '';
    expect({
      bytes: new TextEncoder().encode(reason).length,
      reason,
    }).toEqual({ bytes: 123, reason: `${'é'.repeat(60)}...` });

    const odd = abortWith(`x${'é'.repeat(100)}`) ?? '';
    expect({ 'cut inside a character': odd }).toEqual({
      'cut inside a character': `x${'é'.repeat(59)}...`,
    });

    // A four-byte character cut after one, two or three of its bytes.
    const cuts = [117, 118, 119].map((pad) => abortWith(`${'x'.repeat(pad)}${'😀'.repeat(10)}`));
    expect({ 'cut inside an emoji': cuts }).toEqual({
      'cut inside an emoji': [117, 118, 119].map((pad) => `${'x'.repeat(pad)}...`),
    });
  });

  it('keeps a U+FFFD that was in the message, wherever the cut falls', () => {
    const reasons = [
      abortWith(`\uFFFD${'x'.repeat(200)}`),
      abortWith(`${'x'.repeat(114)}\uFFFD\uFFFD${'x'.repeat(20)}`),
      abortWith(`${'x'.repeat(117)}\uFFFD${'é'.repeat(20)}`),
    ];
    expect(reasons).toEqual([
      `\uFFFD${'x'.repeat(117)}...`,
      `${'x'.repeat(114)}\uFFFD\uFFFD...`,
      `${'x'.repeat(117)}\uFFFD...`,
    ]);
  });
});
