import type { Subscription } from 'rxjs';
import {
  CloseError,
  DecodeError,
  PingTimeoutError,
  textStream,
  ConnectTimeoutError,
  HandshakeTimeoutError,
  type ServerFrame,
  type TextStreamOptions,
} from '../../src/index';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import { virtualClock } from '../support/virtualClock';

function setup(options: Partial<TextStreamOptions> = {}) {
  const clock = virtualClock();
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const received: ServerFrame[] = [];
  const outcome: { error?: unknown; completed: boolean } = { completed: false };
  const stream$ = textStream({
    url: 'wss://agent.test/agent/text-stream',
    WebSocketCtor,
    scheduler: clock.scheduler,
    random: () => 0.5,
    pingTimeoutMs: 45_000,
    ...options,
  });
  const subscribe = (): Subscription =>
    stream$.subscribe({
      next: (frame) => received.push(frame),
      error: (error: unknown) => (outcome.error = error),
      complete: () => (outcome.completed = true),
    });
  return { clock, sockets, received, outcome, subscribe, stream$ };
}

/** Opens the latest socket and starts a session on it. */
function startSession(
  socket: { open(): void; receive(frame: unknown): void } | undefined,
  conversationId = 'conv_1',
) {
  if (!socket) throw new Error('no socket was opened');
  socket.open();
  socket.receive(frames.sessionStarted(conversationId));
}

describe('textStream in virtual time', () => {
  it('opens one socket per subscription, with the query parameters built for it', () => {
    const { sockets, subscribe } = setup({
      toolEvents: true,
      params: { workspace_id: 'w 1', service_id: 7, skip: undefined },
    });
    const first = subscribe();
    const second = subscribe();
    expect(sockets).toHaveLength(2);
    const url = new URL(sockets[0]?.url ?? '');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      workspace_id: 'w 1',
      service_id: '7',
      tool_events: 'true',
    });
    first.unsubscribe();
    second.unsubscribe();
    expect(sockets.map((socket) => socket.closedByClient)).toEqual([1000, 1000]);
  });

  it('reconnects after a retryable close with full-jitter backoff, resuming the conversation', () => {
    const { clock, sockets, subscribe, received } = setup({ reconnect: { initialDelayMs: 1000 } });
    subscribe();
    startSession(sockets[0], 'conv_42');
    sockets[0]?.serverClose(1011, 'server error');

    // attempt 1: cap 1000, jitter 0.5 -> 500 ms
    clock.advance(499);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]?.param('conversation_id')).toBe('conv_42');

    // it fails again before a session starts: attempt 2, cap 2000 -> 1000 ms
    sockets[1]?.serverClose(1006);
    clock.advance(999);
    expect(sockets).toHaveLength(2);
    clock.advance(1);
    expect(sockets).toHaveLength(3);
    startSession(sockets[2], 'conv_42');
    expect(received.map((frame) => frame.type)).toEqual(['session_started', 'session_started']);
  });

  it('treats a close without session_ended as a drop, even with code 1000', () => {
    const { clock, sockets, subscribe, outcome } = setup();
    subscribe();
    startSession(sockets[0]);
    sockets[0]?.serverClose(1000);
    clock.advance(500);
    expect(sockets).toHaveLength(2);
    expect(outcome).toEqual({ completed: false });
  });

  it.each([1013, 4029])('waits at least the rate-limit floor after jitter for %i', (code) => {
    const { clock, sockets, subscribe } = setup({ reconnect: { rateLimitFloorMs: 5000 } });
    subscribe();
    startSession(sockets[0]);
    sockets[0]?.serverClose(code);
    clock.advance(4999);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
  });

  it.each([1008, 4001, 4003, 4100, 4403])(
    'ends at once with a CloseError on terminal code %i',
    (code) => {
      const { clock, sockets, subscribe, outcome } = setup();
      subscribe();
      sockets[0]?.open();
      sockets[0]?.serverClose(code, 'no');
      clock.advance(60_000);
      expect(sockets).toHaveLength(1);
      expect(outcome.error).toBeInstanceOf(CloseError);
      expect(outcome.error).toMatchObject({ code, reason: 'no', retryable: false });
    },
  );

  it('gives up with a CloseError once maxAttempts consecutive attempts failed', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10 },
    });
    subscribe();
    for (let i = 0; i < 3; i += 1) {
      sockets[i]?.serverClose(1012);
      clock.advance(10);
    }
    expect(sockets).toHaveLength(3);
    expect(outcome.error).toBeInstanceOf(CloseError);
    expect((outcome.error as CloseError).message).toBe(
      'gave up after 2 reconnect attempts without a healthy connection (last: socket closed with code 1012: service restart)',
    );
    expect({ 'the give-up keeps the last close': outcome.error }).toEqual({
      'the give-up keeps the last close': expect.objectContaining({
        code: 1012,
        cause: expect.objectContaining({ code: 1012, name: 'CloseError' }),
      }),
    });
  });

  it('does not reset the budget for a session that starts and drops at once (flapping)', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      reconnect: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 10 },
    });
    subscribe();
    for (let i = 0; i < 4; i += 1) {
      startSession(sockets[i]);
      sockets[i]?.serverClose(1001);
      clock.advance(10);
    }
    expect(sockets).toHaveLength(4);
    expect(outcome.error).toBeInstanceOf(CloseError);
    expect((outcome.error as CloseError).message).toMatch(
      /^gave up after 3 reconnect attempts without a healthy connection/,
    );
  });

  it('resets the budget once a connection stayed open stableAfterMs after session_started', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10, stableAfterMs: 1000 },
    });
    subscribe();
    for (let i = 0; i < 20; i += 1) {
      startSession(sockets[i]);
      clock.advance(1000);
      sockets[i]?.serverClose(1001);
      clock.advance(10);
    }
    expect(sockets).toHaveLength(21);
    expect(outcome).toEqual({ completed: false });
  });

  it('does not reset the budget for a connection that lasted 1 ms less than stableAfterMs', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10, stableAfterMs: 1000 },
    });
    subscribe();
    for (let i = 0; i < 3; i += 1) {
      startSession(sockets[i]);
      clock.advance(999);
      sockets[i]?.serverClose(1001);
      clock.advance(10);
    }
    expect(sockets).toHaveLength(3);
    expect((outcome.error as Error).message).toMatch(
      /^gave up after 2 reconnect attempts without a healthy connection/,
    );
  });

  it('resets the budget once a turn completed on the connection', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10 },
    });
    subscribe();
    for (let i = 0; i < 20; i += 1) {
      startSession(sockets[i]);
      sockets[i]?.receive(frames.message('hi'));
      sockets[i]?.receive(frames.responseComplete());
      sockets[i]?.serverClose(1001);
      clock.advance(10);
    }
    expect(sockets).toHaveLength(21);
    expect(outcome).toEqual({ completed: false });
  });

  // A flapping server that greets, completes nothing and drops must still
  // exhaust the budget: only a turn that said something proves it answers.
  it.each([
    ['a bare response_complete', false, [frames.responseComplete()]],
    ['a duplicate one', false, [frames.responseComplete(true)]],
    ['a ping, then a completion', false, [frames.ping(), frames.responseComplete()]],
    ['typing, then a completion', true, [frames.typing(), frames.responseComplete()]],
    [
      'a tool call, then a completion',
      true,
      [frames.toolCallStarted('lookup', 'tc_1'), frames.responseComplete()],
    ],
    ['an error frame, then a completion', true, [frames.error('busy'), frames.responseComplete()]],
    ['typing with no completion', false, [frames.typing()]],
  ])('after %s on each connection, the budget refills: %s', (_, refills, turn) => {
    for (const pingTimeoutMs of [45_000, false] as const) {
      const { clock, sockets, subscribe, outcome } = setup({
        pingTimeoutMs,
        reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10 },
      });
      subscribe();
      for (let i = 0; i < 6 && outcome.error === undefined; i += 1) {
        startSession(sockets[i]);
        for (const frame of turn) sockets[i]?.receive(frame);
        sockets[i]?.serverClose(1011);
        clock.advance(10);
      }
      expect({
        pingTimeoutMs,
        sockets: sockets.length,
        gaveUp: outcome.error !== undefined,
      }).toEqual({ pingTimeoutMs, sockets: refills ? 7 : 3, gaveUp: !refills });
    }
  });

  it('ends at once on 1007 (invalid payload): the same bytes would fail again', () => {
    const { clock, sockets, subscribe, outcome } = setup();
    subscribe();
    startSession(sockets[0]);
    sockets[0]?.serverClose(1007);
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(outcome.error).toMatchObject({ name: 'CloseError', code: 1007, retryable: false });
  });

  it('ends on 4409 at a first connect but retries it when resuming', () => {
    const first = setup({ conversationId: 'conv_9' });
    first.subscribe();
    first.sockets[0]?.open();
    first.sockets[0]?.serverClose(4409);
    first.clock.advance(60_000);
    expect(first.sockets).toHaveLength(1);
    expect(first.outcome.error).toMatchObject({
      code: 4409,
      retryable: false,
      message: 'socket closed with code 4409: conversation already active: another client owns it',
    });

    const resume = setup({ reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    resume.subscribe();
    startSession(resume.sockets[0], 'conv_9');
    resume.sockets[0]?.serverClose(1006);
    resume.clock.advance(10);
    resume.sockets[1]?.serverClose(4409);
    resume.clock.advance(10);
    expect(resume.sockets).toHaveLength(3);
    expect(resume.sockets[2]?.param('conversation_id')).toBe('conv_9');
    expect(resume.outcome).toEqual({ completed: false });
  });

  it('ends on 4409 on the first socket even after its session_started: that socket resumed nothing', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    });
    subscribe();
    startSession(sockets[0], 'conv_9');
    sockets[0]?.serverClose(4409);
    clock.advance(60_000);
    expect({ sockets: sockets.length, error: outcome.error }).toEqual({
      sockets: 1,
      error: expect.objectContaining({ code: 4409, retryable: false }),
    });
  });

  it('retries a socket that opens but never starts a session, then gives up clearly', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      handshakeTimeoutMs: 2000,
      pingTimeoutMs: 500,
      reconnect: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 },
    });
    subscribe();
    sockets[0]?.open();
    // Pings keep the watchdog quiet; they do not start a session.
    const pingEvery400 = (socket: (typeof sockets)[number] | undefined, times: number) => {
      for (let i = 0; i < times; i += 1) {
        clock.advance(400);
        socket?.receive(frames.ping());
      }
    };
    pingEvery400(sockets[0], 4);
    clock.advance(399);
    expect(sockets[0]?.closedByClient).toBeUndefined();
    clock.advance(1);
    expect(sockets[0]?.closedByClient).toBe(1000);
    clock.advance(10);
    sockets[1]?.open();
    pingEvery400(sockets[1], 5);
    expect(sockets).toHaveLength(2);
    expect((outcome.error as Error).message).toBe(
      'gave up after 1 reconnect attempts without a healthy connection (last: socket opened but no session_started arrived within 2000 ms)',
    );
  });

  it('ends with a HandshakeTimeoutError when reconnecting is off', () => {
    const { clock, sockets, subscribe, outcome } = setup({
      reconnect: false,
      handshakeTimeoutMs: 3000,
    });
    subscribe();
    sockets[0]?.open();
    clock.advance(3000);
    expect(outcome.error).toBeInstanceOf(HandshakeTimeoutError);
    expect(outcome.error).toMatchObject({
      name: 'HandshakeTimeoutError',
      timeoutMs: 3000,
      message: 'socket opened but no session_started arrived within 3000 ms',
    });
  });

  it('reports a socket stuck connecting as a ConnectTimeoutError whatever the watchdog says', () => {
    const { clock, subscribe, outcome } = setup({
      reconnect: false,
      pingTimeoutMs: 100,
      connectTimeoutMs: 5000,
    });
    subscribe();
    clock.advance(4999);
    expect(outcome.error).toBeUndefined();
    clock.advance(1);
    expect(outcome.error).toBeInstanceOf(ConnectTimeoutError);
  });

  it('trips the watchdog on silence, closes the socket and resumes', () => {
    const { clock, sockets, subscribe, received } = setup({
      pingTimeoutMs: 3000,
      reconnect: { initialDelayMs: 100 },
    });
    subscribe();
    startSession(sockets[0], 'conv_7');
    clock.advance(2000);
    sockets[0]?.receive(frames.ping());
    clock.advance(2999);
    expect(sockets[0]?.closedByClient).toBeUndefined();
    clock.advance(1);
    expect(sockets[0]?.closedByClient).toBe(1000);
    clock.advance(50);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]?.param('conversation_id')).toBe('conv_7');
    // The ping reset the watchdog but was not passed on.
    expect(received.map((frame) => frame.type)).toEqual(['session_started']);
  });

  it('gives up on a socket stuck connecting and tries again', () => {
    const { clock, sockets, subscribe } = setup({ connectTimeoutMs: 2000, pingTimeoutMs: false });
    subscribe();
    clock.advance(2000);
    expect(sockets[0]?.closedByClient).toBe(1000);
    clock.advance(500);
    expect(sockets).toHaveLength(2);
  });

  it('errors with the timeout itself when reconnecting is off', () => {
    const { clock, sockets, subscribe, outcome } = setup({ reconnect: false, pingTimeoutMs: 1000 });
    subscribe();
    startSession(sockets[0]);
    clock.advance(1000);
    expect(outcome.error).toBeInstanceOf(PingTimeoutError);
    const stuck = setup({ reconnect: false, connectTimeoutMs: 500 });
    stuck.subscribe();
    stuck.clock.advance(500);
    expect(stuck.outcome.error).toBeInstanceOf(ConnectTimeoutError);
  });

  it('stops reconnecting when unsubscribed during backoff', () => {
    const { clock, sockets, subscribe } = setup({ reconnect: { initialDelayMs: 1000 } });
    const subscription = subscribe();
    startSession(sockets[0]);
    sockets[0]?.serverClose(1012);
    clock.advance(100);
    subscription.unsubscribe();
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(clock.scheduler.actions).toHaveLength(0);
  });

  it('completes after session_ended and closes the socket with 1000', () => {
    const { sockets, subscribe, outcome, received } = setup();
    subscribe();
    startSession(sockets[0]);
    sockets[0]?.receive(frames.sessionEnded('completed'));
    expect(received.map((frame) => frame.type)).toEqual(['session_started', 'session_ended']);
    expect(outcome).toEqual({ completed: true });
    expect(sockets[0]?.closedByClient).toBe(1000);
  });

  /** A subscribed stream with an `input$`, reconnecting after 10 ms. */
  const subscribedWithInput = () => {
    const { Subject } = jest.requireActual<typeof import('rxjs')>('rxjs');
    const input$ = new Subject<{ text: string }>();
    const stream = setup({ input$, reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    stream.subscribe();
    return { input$, ...stream };
  };

  it('sends input$ frames on the open socket and holds them while none is', () => {
    const { input$, clock, sockets } = subscribedWithInput();
    input$.next({ text: 'early' });
    startSession(sockets[0]);
    input$.next({ text: 'on time' });
    sockets[0]?.serverClose(1006);
    input$.next({ text: 'between' });
    clock.advance(10);
    sockets[1]?.open();
    expect(sockets[0]?.sent).toEqual([{ text: 'early' }, { text: 'on time' }]);
    expect(sockets[1]?.sent).toEqual([{ text: 'between' }]);
  });

  it('holds an input$ frame that comes while the socket is closing for the next socket', () => {
    const { input$, clock, sockets } = subscribedWithInput();
    startSession(sockets[0]);
    // The server's close frame came, its TCP close not yet: `ws` would drop a send.
    const closing = sockets[0];
    if (closing) closing.readyState = 2;
    input$.next({ text: 'while closing' });
    closing?.serverClose(1001);
    clock.advance(10);
    sockets[1]?.open();
    expect({ closing: sockets[0]?.sent, next: sockets[1]?.sent }).toEqual({
      closing: [],
      next: [{ text: 'while closing' }],
    });
  });

  it('ends with the error of input$ and closes the socket, and outlives its completion', () => {
    const { Subject } = jest.requireActual<typeof import('rxjs')>('rxjs');
    const failure = new Error('input broke');
    const completing$ = new Subject<{ text: string }>();
    const done = setup({ input$: completing$ });
    done.subscribe();
    startSession(done.sockets[0]);
    completing$.complete();
    expect({ 'after input$ completed': done.outcome }).toEqual({
      'after input$ completed': { completed: false },
    });

    const failing$ = new Subject<{ text: string }>();
    const failed = setup({ input$: failing$ });
    failed.subscribe();
    startSession(failed.sockets[0]);
    failing$.error(failure);
    expect({ 'after input$ errored': failed.outcome }).toEqual({
      'after input$ errored': { completed: false, error: failure },
    });
    expect(failed.sockets[0]?.closedByClient).toBe(1000);
  });
});

describe('textStream options', () => {
  const url = 'wss://agent.test/agent/text-stream';
  it.each([
    [
      'an ftp URL',
      { url: 'ftp://agent.test/x' },
      'url must use ws:, wss:, http: or https:, not ftp:',
    ],
    ['a relative URL', { url: 'not a url' }, 'url is not a valid absolute URL'],
    [
      'a token with a space',
      { url, token: 'bad token!' },
      'token has characters outside A-Z a-z 0-9 . _ + = / : -',
    ],
    [
      'a 4097-character token',
      { url, token: 'a'.repeat(4097) },
      'token is longer than 4096 characters (4097)',
    ],
    [
      'a subprotocol token with / and =',
      { url, token: 'abc/def=' },
      "token has '/', ':' or '=', which a WebSocket subprotocol cannot carry; pass auth: 'query'",
    ],
    [
      'a subprotocol token with a / before its last character',
      { url, token: 'ab/cd' },
      "token has '/', ':' or '=', which a WebSocket subprotocol cannot carry; pass auth: 'query'",
    ],
    [
      'a token that starts with a space',
      { url, token: ' abc' },
      'token has characters outside A-Z a-z 0-9 . _ + = / : -',
    ],
    [
      'a maxAttempts given as a numeric string',
      { url, reconnect: { maxAttempts: '5' } },
      'reconnect.maxAttempts must be a non-negative number, got 5',
    ],
    [
      'a maxAttempts of null',
      { url, reconnect: { maxAttempts: null } },
      'reconnect.maxAttempts must be a non-negative number, got null',
    ],
    [
      'pingTimeoutMs 0',
      { url, pingTimeoutMs: 0 },
      'textStream: pingTimeoutMs must be a positive number or false, got 0',
    ],
    [
      'a negative maxAttempts',
      { url, reconnect: { maxAttempts: -1 } },
      'reconnect.maxAttempts must be a non-negative number, got -1',
    ],
    ['no options at all', null, 'textStream: options must be an object with a url'],
    ['a url that is no string', { url: 42 }, 'textStream: url must be a string'],
    [
      'an empty conversationId',
      { url, conversationId: '' },
      'textStream: conversationId must be a non-empty string',
    ],
    [
      'a conversationId that is no string',
      { url, conversationId: 7 },
      'textStream: conversationId must be a non-empty string',
    ],
    [
      'an unknown auth mode',
      { url, auth: 'header' },
      "textStream: auth must be 'subprotocol' or 'query', got header",
    ],
    ['an empty token', { url, token: '' }, 'token must be a non-empty string'],
    [
      'params that are null',
      { url, params: null },
      'textStream: params must be an object or a function',
    ],
    [
      'params that are a string',
      { url, params: 'a=1' },
      'textStream: params must be an object or a function',
    ],
    [
      'an infinite pingTimeoutMs',
      { url, pingTimeoutMs: Number.POSITIVE_INFINITY },
      'textStream: pingTimeoutMs must be a positive number or false, got Infinity',
    ],
    [
      'connectTimeoutMs 0',
      { url, connectTimeoutMs: 0 },
      'textStream: connectTimeoutMs must be a positive number, got 0',
    ],
    [
      'an infinite connectTimeoutMs',
      { url, connectTimeoutMs: Number.POSITIVE_INFINITY },
      'textStream: connectTimeoutMs must be a positive number, got Infinity',
    ],
    [
      'handshakeTimeoutMs 0',
      { url, handshakeTimeoutMs: 0 },
      'textStream: handshakeTimeoutMs must be a positive number or false, got 0',
    ],
    [
      'an infinite handshakeTimeoutMs',
      { url, handshakeTimeoutMs: Number.POSITIVE_INFINITY },
      'textStream: handshakeTimeoutMs must be a positive number or false, got Infinity',
    ],
    [
      'maxFrameBytes 0',
      { url, maxFrameBytes: 0 },
      'textStream: maxFrameBytes must be a positive whole number, got 0',
    ],
    [
      'a fractional maxFrameBytes',
      { url, maxFrameBytes: 1.5 },
      'textStream: maxFrameBytes must be a positive whole number, got 1.5',
    ],
    [
      'an infinite initialDelayMs',
      { url, reconnect: { initialDelayMs: Number.POSITIVE_INFINITY } },
      'reconnect.initialDelayMs must be a non-negative number, got Infinity',
    ],
    [
      'a maxDelayMs that is no number',
      { url, reconnect: { maxDelayMs: '30s' } },
      'reconnect.maxDelayMs must be a non-negative number, got 30s',
    ],
    [
      'an initialDelayMs above maxDelayMs',
      { url, reconnect: { initialDelayMs: 2000, maxDelayMs: 1000 } },
      'reconnect.initialDelayMs must not exceed reconnect.maxDelayMs',
    ],
  ])('rejects %s up front', (_label, options, message) => {
    expect(() => textStream(options as TextStreamOptions)).toThrow(new TypeError(message));
  });

  it.each([
    ['a token of exactly 4096 characters', { token: 'a'.repeat(4096) }],
    ['an unbounded maxAttempts', { reconnect: { maxAttempts: Number.POSITIVE_INFINITY } }],
    ['zero delays', { reconnect: { initialDelayMs: 0, maxDelayMs: 0, maxAttempts: 0 } }],
    [
      'an initialDelayMs equal to maxDelayMs',
      { reconnect: { initialDelayMs: 500, maxDelayMs: 500 } },
    ],
    ['no timeouts at all', { pingTimeoutMs: false, handshakeTimeoutMs: false }],
  ])('accepts %s', (_label, options) => {
    const { WebSocketCtor } = fakeWebSockets();
    expect(() =>
      textStream({ url, WebSocketCtor, ...options } as TextStreamOptions)
        .subscribe()
        .unsubscribe(),
    ).not.toThrow();
  });

  it('maps http(s) to ws(s) and puts a query token only in the URL', () => {
    const { WebSocketCtor, sockets } = fakeWebSockets();
    textStream({
      url: 'https://agent.test/agent/text-stream',
      token: 'abc/def=',
      auth: 'query',
      WebSocketCtor,
    })
      .subscribe()
      .unsubscribe();
    expect(sockets[0]?.url).toBe('wss://agent.test/agent/text-stream?token=abc%2Fdef%3D');
    expect(sockets[0]?.protocols).toBeUndefined();
  });

  it('sends a subprotocol token as ["auth", token] and keeps it out of the URL', () => {
    const { WebSocketCtor, sockets } = fakeWebSockets();
    textStream({ url, token: 'sekret-123', WebSocketCtor }).subscribe().unsubscribe();
    expect(sockets[0]?.protocols).toEqual(['auth', 'sekret-123']);
    expect(sockets[0]?.url).not.toContain('sekret');
  });
});

describe('textStream decoding on the socket', () => {
  const malformed = '{"type":"message","text":42}';

  it('drops a malformed frame, reports it to onDiagnostic, and goes on', () => {
    const reported: string[] = [];
    const { sockets, subscribe, received, outcome } = setup({
      onDiagnostic: (diagnostic) => reported.push(diagnostic.kind),
    });
    subscribe();
    startSession(sockets[0]);
    sockets[0]?.receive(malformed);
    sockets[0]?.receive(frames.typing());
    expect(received.map((frame) => frame.type)).toEqual(['session_started', 'typing']);
    expect({ 'diagnostics of a malformed frame': reported, error: outcome.error }).toEqual({
      'diagnostics of a malformed frame': [expect.any(String)],
      error: undefined,
    });
  });

  it('in strict mode ends with a DecodeError on a malformed frame, without retrying', () => {
    const { sockets, subscribe, outcome } = setup({ strict: true });
    subscribe();
    startSession(sockets[0]);
    sockets[0]?.receive('{"type":"thinking"}');
    expect({ 'error after an unknown frame type': outcome.error }).toEqual({
      'error after an unknown frame type': undefined,
    });
    sockets[0]?.receive(malformed);
    expect(outcome.error).toBeInstanceOf(DecodeError);
    expect(sockets).toHaveLength(1);
  });

  it('ends with the error a throwing onDiagnostic threw', () => {
    const failure = new Error('logger down');
    const { sockets, subscribe, outcome } = setup({
      onDiagnostic: () => {
        throw failure;
      },
    });
    subscribe();
    startSession(sockets[0]);
    sockets[0]?.receive(malformed);
    expect(outcome.error).toBe(failure);
  });

  it('refuses an onDiagnostic that is no function up front, with a TypeError', () => {
    expect(() =>
      setup({ onDiagnostic: 'log' as unknown as TextStreamOptions['onDiagnostic'] }),
    ).toThrow(new TypeError('textStream: onDiagnostic must be a function'));
  });

  it('consumes pings when the watchdog is on, and passes them on when it is off', () => {
    const watched = setup();
    watched.subscribe();
    startSession(watched.sockets[0]);
    watched.sockets[0]?.receive(frames.ping());
    const unwatched = setup({ pingTimeoutMs: false });
    unwatched.subscribe();
    startSession(unwatched.sockets[0]);
    unwatched.sockets[0]?.receive(frames.ping());
    expect({
      'with the watchdog': watched.received.map((frame) => frame.type),
      'without it': unwatched.received.map((frame) => frame.type),
    }).toEqual({
      'with the watchdog': ['session_started'],
      'without it': ['session_started', 'ping'],
    });
  });
});
