import {
  connect,
  CredentialsError,
  type ConnectOptions,
  type SentMessage,
  type ToolCall,
  type Turn,
  TurnTimeoutError,
  type TurnTiming,
} from '../../src/index';
import { config, lastValueFrom } from 'rxjs';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import { virtualClock } from '../support/virtualClock';

/** What the client wrote to a fake socket: message texts, and `stop` for a stop. */
const written = (socket: { sent: unknown[] }) =>
  socket.sent.map(
    (frame) => (frame as { text?: string; type?: string }).text ?? (frame as { type: string }).type,
  );

function setup(options: Partial<ConnectOptions> = {}) {
  let ids = 0;
  const clock = virtualClock();
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const chat = connect({
    url: 'wss://agent.test/agent/text-stream',
    WebSocketCtor,
    scheduler: clock.scheduler,
    random: () => 0,
    greetingTimeoutMs: 250,
    clientMessageId: () => `m${(ids += 1)}`,
    ...options,
  });
  const socket = (index: number) => {
    const found = sockets[index];
    if (!found) throw new Error(`socket ${index} was never opened`);
    return found;
  };
  return { clock, chat, sockets, socket };
}

const answer = (text: string, duplicate = false) => [
  frames.typing(),
  frames.message(text),
  frames.responseComplete(duplicate),
];

describe('TextStreamSession in virtual time', () => {
  it('waits out a possible greeting on a new conversation before the first send', () => {
    const { clock, chat, socket } = setup();
    chat.send('hello');
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    clock.advance(249);
    expect(written(socket(0))).toEqual([]);
    clock.advance(1);
    expect(written(socket(0))).toEqual(['hello']);
    chat.close();
  });

  it('says on notices$ why a message waits for a greeting: once, sent before or after the session starts', () => {
    for (const sendFirst of [true, false]) {
      const { clock, chat, socket } = setup();
      const notices: unknown[] = [];
      chat.notices$.subscribe((notice) => notices.push(notice));
      if (sendFirst) chat.send('hello');
      socket(0).open();
      socket(0).receive(frames.sessionStarted());
      clock.advance(100);
      if (!sendFirst) chat.send('hello');
      chat.send('again');
      expect(notices).toEqual([{ kind: 'awaiting-greeting', timeoutMs: 250 }]);
      clock.advance(150);
      expect(written(socket(0))).toEqual(['hello']);
      // The transcript shows the message as queued, then sent: no notice of its own.
      let transcript: unknown[] = [];
      chat.transcript$.subscribe((entries) => (transcript = [...entries]));
      expect(transcript.filter((entry) => (entry as { kind: string }).kind === 'notice')).toEqual(
        [],
      );
      chat.close();
    }
  });

  it('reports no greeting wait when nothing waits, the greeting already started, or the wait is off', () => {
    type Socket = ReturnType<ReturnType<typeof setup>['socket']>;
    const cases: {
      options: Partial<ConnectOptions>;
      before?: (s: Socket) => void;
      send: boolean;
    }[] = [
      { options: {}, send: false },
      { options: {}, before: (s) => s.receive(frames.typing()), send: true },
      { options: { greetingTimeoutMs: 0 }, send: true },
      { options: { greetingTimeoutMs: false }, send: true },
    ];
    for (const { options, before, send } of cases) {
      const { clock, chat, socket } = setup(options);
      const notices: unknown[] = [];
      chat.notices$.subscribe((notice) => notices.push(notice));
      socket(0).open();
      socket(0).receive(frames.sessionStarted());
      before?.(socket(0));
      clock.advance(10);
      if (send) chat.send('hello');
      clock.advance(1000);
      expect(notices).toEqual([]);
      chat.close();
    }
  });

  it('keeps the greeting wait when the first socket was refused before any session', () => {
    const { clock, chat, socket } = setup({
      reconnect: { initialDelayMs: 10, maxDelayMs: 10, rateLimitFloorMs: 20 },
    });
    chat.send('hello');
    socket(0).open();
    socket(0).serverClose(4029);
    clock.advance(25);
    socket(1).open();
    socket(1).receive(frames.sessionStarted());
    clock.advance(249);
    expect(written(socket(1))).toEqual([]);
    clock.advance(1);
    expect(written(socket(1))).toEqual(['hello']);
    chat.close();
  });

  it('holds the first send until a greeting that started in the grace period completes', () => {
    const { clock, chat, socket } = setup();
    const turns: Turn[] = [];
    chat.turns$.subscribe((turn) => turns.push(turn));
    chat.send('hello');
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    clock.advance(100);
    socket(0).receive(frames.typing());
    clock.advance(1000);
    expect(written(socket(0))).toEqual([]);
    socket(0).receive(frames.message('Hi! How can I help?'));
    socket(0).receive(frames.responseComplete());
    expect(written(socket(0))).toEqual(['hello']);
    expect(turns.map((turn) => turn.text)).toEqual(['Hi! How can I help?']);
    chat.close();
  });

  it('waits for a possible greeting on a first connect with conversationId, then one message per turn', () => {
    const { clock, chat, socket } = setup({ conversationId: 'conv_9' });
    const answered: string[] = [];
    for (const text of ['one', 'two'])
      chat.send(text).subscribe((turn) => answered.push(`${text} -> ${turn.text}`));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('conv_9'));
    expect(socket(0).param('conversation_id')).toBe('conv_9');
    // The server may not know conv_9 and greet: the first send waits that out.
    expect(written(socket(0))).toEqual([]);
    clock.advance(250);
    expect(written(socket(0))).toEqual(['one']);
    answer('first').forEach((frame) => socket(0).receive(frame));
    expect(written(socket(0))).toEqual(['one', 'two']);
    answer('second').forEach((frame) => socket(0).receive(frame));
    expect(answered).toEqual(['one -> first', 'two -> second']);
    chat.close();
  });

  it('resends the message in flight once after a drop, and a duplicate completion answers it', () => {
    const { clock, chat, socket } = setup({
      conversationId: 'conv_1',
      reconnect: { initialDelayMs: 100 },
    });
    const answers: Turn[] = [];
    const unanswered: unknown[] = [];
    const sent: SentMessage[] = [];
    chat.sent$.subscribe((message) => sent.push(message));
    for (const text of ['book it', 'thanks']) {
      chat.send(text).subscribe({
        next: (turn) => answers.push(turn),
        error: (err: unknown) => unanswered.push(err),
      });
    }
    socket(0).open();
    socket(0).receive(frames.sessionStarted('conv_1'));
    clock.advance(250);
    socket(0).receive(frames.typing());
    socket(0).receive(frames.message('Booked.'));
    socket(0).serverClose(1006);
    clock.advance(100);
    socket(1).open();
    socket(1).receive(frames.sessionStarted('conv_1'));
    expect(written(socket(1))).toEqual(['book it']);
    socket(1).receive(frames.responseComplete(true));
    expect(answers).toEqual([
      expect.objectContaining({
        text: 'Booked.',
        duplicate: true,
        complete: true,
        spansReconnect: true,
      }),
    ]);
    expect(written(socket(1))).toEqual(['book it', 'thanks']);
    expect(written(socket(0))).toEqual(['book it']);
    const [original] = sent;
    expect({ 'sent$ (text, resend flag)': sent.map(({ text, resend }) => [text, resend]) }).toEqual(
      {
        'sent$ (text, resend flag)': [
          ['book it', false],
          ['book it', true],
          ['thanks', false],
        ],
      },
    );
    expect(sent[1]?.clientMessageId).toBe(original?.clientMessageId);
    expect(sent[2]?.clientMessageId).not.toBe(original?.clientMessageId);
    chat.close();
    expect(unanswered).toEqual([expect.objectContaining({ name: 'SessionClosedError' })]);
  });

  it('reports on sent$ and in the transcript only what went out: a write to a closing socket is dropped, and reported when the resume really sends it', () => {
    const { clock, chat, socket } = setup({
      conversationId: 'conv_1',
      reconnect: { initialDelayMs: 100 },
    });
    const sent: [string, boolean][] = [];
    chat.sent$.subscribe(({ text, resend }) => sent.push([text, resend]));
    let written$: string[] = [];
    chat.transcript$.subscribe((entries) => {
      written$ = entries.flatMap((entry) =>
        entry.kind === 'user' && entry.status !== 'queued' ? [entry.text] : [],
      );
    });
    chat.send('one');
    chat.send('two');
    socket(0).open();
    socket(0).receive(frames.sessionStarted('conv_1'));
    clock.advance(250);
    for (const frame of answer('One.')) {
      // The server's close frame was read with its last frames (`ws` says
      // CLOSING), and the frames still waiting are handed on after it.
      if (frame.type === 'response_complete') socket(0).readyState = 2;
      socket(0).receive(frame);
    }
    expect({ written: written(socket(0)), sent, transcript: written$ }).toEqual({
      written: ['one'],
      sent: [['one', false]],
      transcript: ['one'],
    });
    socket(0).serverClose(1006);
    clock.advance(100);
    socket(1).open();
    socket(1).receive(frames.sessionStarted('conv_1'));
    expect({ written: written(socket(1)), sent, transcript: written$ }).toEqual({
      written: ['two'],
      sent: [
        ['one', false],
        ['two', true],
      ],
      transcript: ['one', 'two'],
    });
    chat.close();
  });

  it('sends stop once a session is established and emits session_ended', () => {
    const { chat, socket } = setup();
    const ended: unknown[] = [];
    chat.stop().subscribe((frame) => ended.push(frame));
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    expect(written(socket(0))).toEqual(['stop']);
    socket(0).receive(frames.sessionEnded('stopped'));
    expect(ended).toEqual([{ type: 'session_ended', reason: 'stopped' }]);
    expect(socket(0).closedByClient).toBe(1000);
  });

  it('errors unanswered sends with SessionClosedError on close()', () => {
    const { chat, socket } = setup({ conversationId: 'c' });
    const errors: unknown[] = [];
    chat.send('a').subscribe({ error: (err: unknown) => errors.push(err) });
    chat.send('b').subscribe({ error: (err: unknown) => errors.push(err) });
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    chat.close();
    expect(errors).toEqual([
      expect.objectContaining({ name: 'SessionClosedError' }),
      expect.objectContaining({ name: 'SessionClosedError' }),
    ]);
    expect(socket(0).closedByClient).toBe(1000);
  });

  it('publishes connection state without ever carrying the token', () => {
    const { clock, chat, socket } = setup({
      token: 'tok-secret',
      reconnect: { initialDelayMs: 10 },
    });
    const states: unknown[] = [];
    chat.state$.subscribe((state) => states.push(state));
    socket(0).open();
    socket(0).serverClose(1012);
    clock.advance(10);
    socket(1).open();
    chat.close();
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open', 'closed']);
    expect(JSON.stringify(states)).not.toContain('tok-secret');
  });

  it.each([
    [
      'messageShape',
      { messageShape: 'xml' },
      "connect: messageShape must be 'text' or 'typed', got xml",
    ],
    [
      'maxQueuedMessages',
      { maxQueuedMessages: -1 },
      'connect: maxQueuedMessages must be a whole number, got -1',
    ],
    [
      'maxQueuedMessages',
      { maxQueuedMessages: 1.5 },
      'connect: maxQueuedMessages must be a whole number, got 1.5',
    ],
    [
      'greetingTimeoutMs',
      { greetingTimeoutMs: Number.NaN },
      'connect: greetingTimeoutMs must be a non-negative number of milliseconds or false, got NaN',
    ],
    [
      'greetingTimeoutMs',
      { greetingTimeoutMs: -1 },
      'connect: greetingTimeoutMs must be a non-negative number of milliseconds or false, got -1',
    ],
    [
      'greetingTimeoutMs',
      { greetingTimeoutMs: Number.POSITIVE_INFINITY },
      'connect: greetingTimeoutMs must be a non-negative number of milliseconds or false, got Infinity',
    ],
    [
      'turnTimeoutMs',
      { turnTimeoutMs: 0 },
      'connect: turnTimeoutMs must be a positive number of milliseconds or false, got 0',
    ],
    [
      'turnTimeoutMs',
      { turnTimeoutMs: '5' },
      'connect: turnTimeoutMs must be a positive number of milliseconds or false, got 5',
    ],
    [
      'clientMessageId',
      { clientMessageId: 'm1' },
      'connect: clientMessageId must be a function returning a string',
    ],
  ])('rejects a bad %s up front: %j', (_name, bad, message) => {
    expect(() =>
      connect({ url: 'wss://agent.test/x', ...(bad as Partial<ConnectOptions>) }),
    ).toThrow(new TypeError(message));
  });

  it.each([
    ['greetingTimeoutMs 0', { greetingTimeoutMs: 0 }],
    ['greetingTimeoutMs false', { greetingTimeoutMs: false }],
  ] as const)('writes the first message as the session starts with %s', (_label, options) => {
    const { chat, socket } = setup(options);
    chat.send('hello');
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    expect({ 'written at session_started': written(socket(0)) }).toEqual({
      'written at session_started': ['hello'],
    });
    chat.close();
  });

  it('refuses every send with maxQueuedMessages 0, and sets no turn deadline with turnTimeoutMs false', () => {
    const { chat } = setup({ maxQueuedMessages: 0 });
    const refused: unknown[] = [];
    chat.send('hello').subscribe({ error: (error: unknown) => refused.push(error) });
    expect(refused).toEqual([expect.objectContaining({ name: 'SendQueueFullError', limit: 0 })]);
    chat.close();

    const patient = setup({ turnTimeoutMs: false, greetingTimeoutMs: false, pingTimeoutMs: false });
    const outcome: unknown[] = [];
    patient.chat.send('hello').subscribe({ error: (error: unknown) => outcome.push(error) });
    patient.socket(0).open();
    patient.socket(0).receive(frames.sessionStarted());
    patient.clock.advance(24 * 60 * 60 * 1000);
    expect({ 'after a day without an answer': outcome }).toEqual({
      'after a day without an answer': [],
    });
    expect(written(patient.socket(0))).toEqual(['hello']);
    patient.chat.close();
  });

  // Found by a black-box review against hostile servers.
  it('fails a send() after a token provider threw with that CredentialsError, not a bare close', () => {
    const { chat } = setup({
      token: () => {
        throw new Error('vault sealed');
      },
    });
    const errors: unknown[] = [];
    chat.send('hello').subscribe({ error: (error: unknown) => errors.push(error) });
    expect(errors).toEqual([expect.any(CredentialsError)]);
  });

  it('ends cleanly on a session_ended that names no reason', () => {
    const { chat, socket } = setup({ conversationId: 'c' });
    const ended: unknown[] = [];
    chat.ended$.subscribe((frame) => ended.push(frame));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    socket(0).receive({ type: 'session_ended' });
    expect(ended).toEqual([{ type: 'session_ended', reason: 'other' }]);
    expect(socket(0).closedByClient).toBe(1000);
  });

  it('marks a turn that spans a drop even when the drop came before any of its frames', () => {
    const { clock, chat, socket } = setup({
      conversationId: 'c',
      reconnect: { initialDelayMs: 10 },
    });
    const answers: Turn[] = [];
    chat.send('book it').subscribe((turn) => answers.push(turn));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    clock.advance(250);
    expect(written(socket(0))).toEqual(['book it']);
    socket(0).serverClose(1006);
    clock.advance(10);
    socket(1).open();
    socket(1).receive(frames.sessionStarted('c'));
    answer('Booked.').forEach((frame) => socket(1).receive(frame));
    expect(answers).toEqual([expect.objectContaining({ text: 'Booked.', spansReconnect: true })]);
    chat.close();
  });

  it('reports an error thrown by its onDiagnostic as rxjs reports a throwing subscriber, and goes on', async () => {
    const previous = config.onUnhandledError;
    const bug = new Error('a bug in the listener');
    const reported = new Promise<unknown>((resolve) => (config.onUnhandledError = resolve));
    try {
      const { chat, socket } = setup({
        greetingTimeoutMs: false,
        turnLimits: { maxFrames: 1 },
        onDiagnostic: () => {
          throw bug;
        },
      });
      const diagnostics: string[] = [];
      const typing: boolean[] = [];
      chat.diagnostics$.subscribe((diagnostic) => diagnostics.push(diagnostic.kind));
      chat.typing$.subscribe((value) => typing.push(value));
      const turn = lastValueFrom(chat.send('hi'));
      socket(0).open();
      socket(0).receive(frames.sessionStarted());
      socket(0).receive(frames.typing());
      socket(0).receive(frames.message('kept'));
      socket(0).receive(frames.typing());
      // Past maxFrames: the turn-limit diagnostic goes to onDiagnostic, which
      // throws; the rest of the step (diagnostics$, typing$ off) still happens.
      expect(() => socket(0).receive(frames.message('cut'))).not.toThrow();
      expect({ diagnostics, typing }).toEqual({
        diagnostics: ['turn-limit'],
        typing: [true, false, true, false],
      });
      socket(0).receive(frames.responseComplete());
      await expect(turn).resolves.toMatchObject({ text: 'kept', truncated: true });
      await expect(reported).resolves.toBe(bug);
      chat.close();
    } finally {
      config.onUnhandledError = previous;
    }
  });

  it('writes one stop however often stop() is called', () => {
    const { chat, socket } = setup();
    chat.stop();
    chat.stop();
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    chat.stop();
    expect({ 'frames written after three stop() calls': written(socket(0)) }).toEqual({
      'frames written after three stop() calls': ['stop'],
    });
    chat.close();
  });

  it('writes the stop again on the resumed socket when a drop lost it', () => {
    const { clock, chat, socket } = setup({ reconnect: { initialDelayMs: 10 } });
    chat.stop();
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    expect(written(socket(0))).toEqual(['stop']);
    socket(0).serverClose(1006);
    clock.advance(10);
    socket(1).open();
    socket(1).receive(frames.sessionStarted('c'));
    expect({ 'written on the resumed socket': written(socket(1)) }).toEqual({
      'written on the resumed socket': ['stop'],
    });
    chat.close();
  });

  it("fails a message in flight with the transport's own terminal error", () => {
    const { clock, chat, socket } = setup({ conversationId: 'c' });
    const errors: unknown[] = [];
    chat.send('hello').subscribe({ error: (err: unknown) => errors.push(err) });
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    clock.advance(250);
    socket(0).serverClose(4403, 'forbidden');
    expect({ 'the send failed with': errors }).toEqual({
      'the send failed with': [expect.objectContaining({ name: 'CloseError', code: 4403 })],
    });
  });

  it('takes an error frame after a written message as the start of its answer', () => {
    const { clock, chat, socket } = setup({ conversationId: 'c' });
    const answers: Turn[] = [];
    const notices: string[] = [];
    chat.notices$.subscribe((notice) => {
      if (notice.kind === 'stray-frame') notices.push(notice.kind);
    });
    chat.send('book it').subscribe((turn) => answers.push(turn));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    clock.advance(250);
    socket(0).receive(frames.error('slow backend'));
    answer('Booked.').forEach((frame) => socket(0).receive(frame));
    expect({ 'the answer': answers, 'stray frames': notices }).toEqual({
      'the answer': [
        expect.objectContaining({ text: 'Booked.', errors: [frames.error('slow backend')] }),
      ],
      'stray frames': [],
    });
    chat.close();
  });

  it('sends as soon as a greeting that started in the grace period completes, not at its end', () => {
    const { clock, chat, socket } = setup();
    chat.send('hello');
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    clock.advance(100);
    socket(0).receive(frames.typing());
    socket(0).receive(frames.message('Hi!'));
    socket(0).receive(frames.responseComplete());
    expect({ 'written 100 ms into a 250 ms grace period': written(socket(0)) }).toEqual({
      'written 100 ms into a 250 ms grace period': ['hello'],
    });
    chat.close();
  });

  it('shows typing from typing to the end of the turn, without repeats, and stops it at a drop', () => {
    const { clock, chat, socket } = setup({
      conversationId: 'c',
      reconnect: { initialDelayMs: 10 },
    });
    const typing: boolean[] = [];
    chat.typing$.subscribe((on) => typing.push(on));
    chat.send('book it');
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    clock.advance(250);
    socket(0).receive(frames.typing());
    socket(0).receive(frames.typing());
    socket(0).receive(frames.toolCallStarted('book', 'c1'));
    socket(0).receive(frames.responseComplete());
    expect({ 'typing$ over a turn without a message': typing }).toEqual({
      'typing$ over a turn without a message': [true, false],
    });

    chat.send('and the hotel');
    socket(0).receive(frames.typing());
    socket(0).serverClose(1006);
    expect({ 'typing$ after a drop mid-answer': typing }).toEqual({
      'typing$ after a drop mid-answer': [true, false, true, false],
    });
    clock.advance(10);
    chat.close();
  });

  it('refuses an onDiagnostic that is no function at connect(), with a TypeError', () => {
    expect(() =>
      setup({ onDiagnostic: 'log' as unknown as ConnectOptions['onDiagnostic'] }),
    ).toThrow(new TypeError('connect: onDiagnostic must be a function'));
  });

  it('refuses a send() of anything but a string', () => {
    const { chat } = setup();
    expect(() => chat.send(42 as unknown as string)).toThrow(
      new TypeError('send: text must be a string'),
    );
    chat.close();
  });

  it('reports a stray frame on notices$ but keeps it out of the transcript', () => {
    const { chat, socket } = setup({ greetingTimeoutMs: false });
    const notices: string[] = [];
    chat.notices$.subscribe((notice) => notices.push(notice.kind));
    let transcript: readonly { kind: string }[] = [];
    chat.transcript$.subscribe((entries) => (transcript = entries));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    socket(0).receive(frames.responseComplete());
    expect({ notices, 'transcript entries': transcript.map((entry) => entry.kind) }).toEqual({
      notices: ['stray-frame'],
      'transcript entries': [],
    });
    chat.close();
  });

  it('drops the socket with 4000 at a turn deadline and goes on on a new one', () => {
    const { clock, chat, socket, sockets } = setup({
      conversationId: 'c',
      turnTimeoutMs: 1000,
      reconnect: { initialDelayMs: 10 },
    });
    chat.send('hello').subscribe({ error: () => undefined });
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    clock.advance(250);
    clock.advance(1000);
    expect({ 'first socket closed with': socket(0).closedByClient }).toEqual({
      'first socket closed with': 4000,
    });
    clock.advance(10);
    expect(sockets).toHaveLength(2);
    chat.close();
  });

  it('publishes each connection state once, however often the transport repeats it', () => {
    const { clock, chat, socket } = setup({ reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    const states: string[] = [];
    chat.state$.subscribe((state) => states.push(state));
    socket(0).serverClose(1006);
    clock.advance(10);
    socket(1).serverClose(1006);
    clock.advance(10);
    socket(2).open();
    chat.close();
    expect({ 'state$ over two refused attempts': states }).toEqual({
      'state$ over two refused attempts': ['connecting', 'reconnecting', 'open', 'closed'],
    });
  });

  it('publishes closed once when a turn deadline ends a session that may not reconnect', () => {
    const { clock, chat, socket } = setup({
      conversationId: 'c',
      turnTimeoutMs: 1000,
      reconnect: false,
    });
    const states: string[] = [];
    chat.state$.subscribe((state) => states.push(state));
    chat.send('hello').subscribe({ error: () => undefined });
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    clock.advance(1250);
    expect({ 'state$ after the deadline': states }).toEqual({
      'state$ after the deadline': ['connecting', 'open', 'closed'],
    });
  });

  it("passes every diagnostic to the options' onDiagnostic as well as to diagnostics$", () => {
    const reported: string[] = [];
    const { chat, socket } = setup({
      onDiagnostic: (diagnostic) => reported.push(diagnostic.kind),
    });
    const published: string[] = [];
    chat.diagnostics$.subscribe((diagnostic) => published.push(diagnostic.kind));
    socket(0).open();
    socket(0).receive('{"type":"thinking"}');
    expect({ onDiagnostic: reported, diagnostics$: published }).toEqual({
      onDiagnostic: ['unknown-type'],
      diagnostics$: ['unknown-type'],
    });
    chat.close();
  });

  it('hands out one stream per property, and a stream first read after the end completes at once', () => {
    const { chat, socket } = setup({ conversationId: 'c', reconnect: false });
    expect({
      'the same frames$ twice': chat.frames$ === chat.frames$,
      'the same toolCalls$ twice': chat.toolCalls$ === chat.toolCalls$,
      'the same messages$ twice': chat.messages$ === chat.messages$,
    }).toEqual({
      'the same frames$ twice': true,
      'the same toolCalls$ twice': true,
      'the same messages$ twice': true,
    });
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    socket(0).serverClose(4401);
    const seen: Record<string, string[]> = {};
    const streams = {
      frames$: chat.frames$,
      messages$: chat.messages$,
      errors$: chat.errors$,
      toolCalls$: chat.toolCalls$,
      turns$: chat.turns$,
      typing$: chat.typing$,
      diagnostics$: chat.diagnostics$,
      reconnects$: chat.reconnects$,
      notices$: chat.notices$,
      sent$: chat.sent$,
      state$: chat.state$,
      session$: chat.session$,
      ended$: chat.ended$,
      transcript$: chat.transcript$,
    };
    for (const [name, stream] of Object.entries(streams)) {
      const events: string[] = (seen[name] = []);
      (stream as import('rxjs').Observable<unknown>).subscribe({
        next: (value) => events.push(typeof value === 'string' ? value : 'value'),
        error: (error: unknown) => events.push(`error ${(error as Error).name}`),
        complete: () => events.push('complete'),
      });
    }
    expect(seen).toEqual({
      frames$: ['complete'],
      messages$: ['complete'],
      errors$: ['complete'],
      toolCalls$: ['complete'],
      turns$: ['complete'],
      typing$: ['complete'],
      diagnostics$: ['complete'],
      reconnects$: ['complete'],
      notices$: ['complete'],
      sent$: ['complete'],
      state$: ['closed', 'complete'],
      session$: ['value', 'complete'],
      ended$: ['error CloseError'],
      transcript$: ['complete'],
    });
  });

  it('gives a replaying stream first read late what the session kept (the latest session, state and ending), then goes on live', () => {
    const { clock, chat, socket } = setup({ conversationId: 'c' });
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c', 's1'));
    socket(0).serverClose(1012);
    const replayed = (stream: import('rxjs').Observable<unknown>): unknown[] => {
      const values: unknown[] = [];
      stream.subscribe({
        next: (value) => values.push(value),
        complete: () => values.push('complete'),
      });
      return values;
    };
    const midway = { session$: replayed(chat.session$), state$: replayed(chat.state$) };
    clock.advance(1000);
    socket(1).open();
    socket(1).receive(frames.sessionStarted('c', 's2'));
    socket(1).receive(frames.sessionEnded('done'));
    expect({
      midway,
      'ended$ first read after the end': replayed(chat.ended$),
      'session$ read again after the end': replayed(chat.session$),
    }).toEqual({
      midway: {
        session$: [
          expect.objectContaining({ session_id: 's1' }),
          expect.objectContaining({ session_id: 's2' }),
          'complete',
        ],
        state$: ['reconnecting', 'open', 'closed', 'complete'],
      },
      'ended$ first read after the end': [
        expect.objectContaining({ type: 'session_ended', reason: 'done' }),
        'complete',
      ],
      'session$ read again after the end': [
        expect.objectContaining({ session_id: 's2' }),
        'complete',
      ],
    });
  });

  it('gives a live stream first read mid-conversation what comes after, not what came before', () => {
    const { chat, socket } = setup({ conversationId: 'c' });
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    socket(0).receive(frames.message('before anyone listened'));
    const texts: string[] = [];
    chat.messages$.subscribe((frame) => texts.push(frame.text));
    socket(0).receive(frames.message('after'));
    expect({ 'messages$ read late': texts }).toEqual({ 'messages$ read late': ['after'] });
    chat.close();
  });
});

describe('TextStreamSession deadlines, re-entrant servers and limits', () => {
  /** A session with its socket open and its session started, ready to send. */
  function started(options: Partial<ConnectOptions> = {}) {
    const setupResult = setup({ conversationId: 'c', greetingTimeoutMs: false, ...options });
    setupResult.socket(0).open();
    setupResult.socket(0).receive(frames.sessionStarted('c'));
    return setupResult;
  }

  it("runs each turn's deadline from its own write, not from an earlier turn's", () => {
    const { clock, chat, socket } = started({ turnTimeoutMs: 1000, pingTimeoutMs: false });
    const failures: string[] = [];
    chat.send('first').subscribe({ error: (error: Error) => failures.push(error.name) });
    clock.advance(100);
    for (const frame of answer('one')) socket(0).receive(frame);
    clock.advance(400);
    chat.send('second').subscribe({ error: (error: Error) => failures.push(error.name) });
    // The first turn's deadline would have been at 1000, the second's is at 1500.
    clock.advance(999);
    expect({ 'at 1499': { failures: [...failures], closed: socket(0).closedByClient } }).toEqual({
      'at 1499': { failures: [], closed: undefined },
    });
    clock.advance(1);
    expect({ 'at 1500': { failures, closed: socket(0).closedByClient } }).toEqual({
      'at 1500': { failures: ['TurnTimeoutError'], closed: 4000 },
    });
    chat.close();
  });

  it('arms a deadline again after an earlier one lapsed unused', () => {
    const { clock, chat, socket } = started({ turnTimeoutMs: 1000, pingTimeoutMs: false });
    const failures: string[] = [];
    chat.send('first').subscribe();
    for (const frame of answer('one')) socket(0).receive(frame);
    // The first turn's timer comes due with nothing to time out.
    clock.advance(2000);
    chat.send('second').subscribe({ error: (error: Error) => failures.push(error.name) });
    clock.advance(1000);
    expect({ 'a second turn 1000 ms unanswered': failures }).toEqual({
      'a second turn 1000 ms unanswered': ['TurnTimeoutError'],
    });
    chat.close();
  });

  it('re-arms its one timer for a turn after another, instead of cancelling and setting one', () => {
    const { clock, chat, socket } = started({ turnTimeoutMs: 1000, pingTimeoutMs: false });
    const schedule = jest.spyOn(clock.scheduler, 'schedule');
    for (let turn = 0; turn < 10; turn += 1) {
      chat.send(`m${turn}`).subscribe();
      // Half the answers take no time at all: the next deadline equals the last.
      if (turn % 2 === 1) clock.advance(10);
      for (const frame of answer(`a${turn}`)) socket(0).receive(frame);
    }
    // The clock's own advance() schedules too: count the deadline's actions only.
    const deadlines = schedule.mock.calls.filter(([, delay]) => delay === 1000);
    expect({ 'timer actions scheduled for 10 turns': deadlines.length }).toEqual({
      'timer actions scheduled for 10 turns': 1,
    });
    chat.close();
  });

  it('keeps one pending timer action however many turns come and go', () => {
    const { clock, chat, socket } = started({ turnTimeoutMs: 1000, pingTimeoutMs: false });
    const pending: number[] = [];
    for (let turn = 0; turn < 20; turn += 1) {
      chat.send(`m${turn}`).subscribe();
      clock.advance(10);
      for (const frame of answer(`a${turn}`)) socket(0).receive(frame);
      pending.push(clock.scheduler.actions.length);
    }
    expect(new Set(pending)).toEqual(new Set([1]));
    chat.close();
    expect(clock.scheduler.actions).toHaveLength(0);
  });

  it('takes a whole answer that the server writes while the message is still being sent', () => {
    const { chat, socket } = started();
    const server = socket(0);
    const write = server.send.bind(server);
    // A server so fast that its answer arrives inside the client's send().
    server.send = (data: string) => {
      write(data);
      const { text } = JSON.parse(data) as { text: string };
      for (const frame of answer(`re: ${text}`)) server.receive(frame);
    };
    const texts: string[] = [];
    const turns: string[] = [];
    chat.turns$.subscribe((turn) => turns.push(turn.text));
    chat.send('one').subscribe((turn) => texts.push(turn.text));
    chat.send('two').subscribe((turn) => texts.push(turn.text));
    expect({ answers: texts, turns, written: written(server) }).toEqual({
      answers: ['re: one', 're: two'],
      turns: ['re: one', 're: two'],
      written: ['one', 'two'],
    });
    chat.close();
  });

  it('reports no reconnect and no notice until a socket is really lost', () => {
    const { clock, chat, socket } = setup({
      conversationId: 'c',
      greetingTimeoutMs: false,
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    });
    const reconnects: number[] = [];
    const notices: string[] = [];
    chat.reconnects$.subscribe((attempt) => reconnects.push(attempt.attempt));
    chat.notices$.subscribe((notice) => notices.push(notice.kind));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('c'));
    chat.send('hi').subscribe();
    for (const frame of answer('hello')) socket(0).receive(frame);
    const beforeDrop = { reconnects: [...reconnects], notices: [...notices] };
    socket(0).serverClose(1006);
    clock.advance(10);
    socket(1).open();
    socket(1).receive(frames.sessionStarted('c'));
    expect({ beforeDrop, reconnects }).toEqual({
      beforeDrop: { reconnects: [], notices: [] },
      reconnects: [1],
    });
    chat.close();
  });

  it("pairs toolCalls$ under the session's own turnLimits", () => {
    const { chat, socket } = started({ toolEvents: true, turnLimits: { maxPendingToolCalls: 2 } });
    const calls: string[] = [];
    chat.toolCalls$.subscribe((call) => calls.push(`${call.callId} ${call.status}`));
    for (const id of ['a', 'b', 'c']) socket(0).receive(frames.toolCallStarted('t', id));
    expect({ 'after a third pending call': calls }).toEqual({
      'after a third pending call': ['a incomplete'],
    });
    chat.close();
  });

  it('pairs toolCalls$ once for every subscriber, from its first read, and flushes pending calls at the end', () => {
    const { chat, socket } = started({ toolEvents: true });
    const early: string[] = [];
    const late: ToolCall[] = [];
    chat.toolCalls$.subscribe((call) => early.push(`${call.callId} ${call.status}`));
    socket(0).receive(frames.toolCallStarted('lookup', 'a'));
    chat.toolCalls$.subscribe((call) => late.push(call));
    socket(0).receive(frames.toolCallCompleted('lookup', 'a', 'found'));
    socket(0).receive(frames.toolCallStarted('lookup', 'b'));
    chat.close();
    expect({ early, late: late.map((call) => `${call.callId} ${call.status}`) }).toEqual({
      early: ['a completed', 'b incomplete'],
      late: ['a completed', 'b incomplete'],
    });
  });

  it('refuses a send() after close() with a SessionClosedError saying nothing was sent', () => {
    const { chat } = started();
    chat.close();
    let failure: unknown;
    chat.send('too late').subscribe({ error: (error: unknown) => (failure = error) });
    expect(failure).toEqual(
      expect.objectContaining({
        name: 'SessionClosedError',
        message: 'the session is over; nothing was sent',
      }),
    );
  });
});

describe('TextStreamSession.ask(), the promise form of send()', () => {
  const opened = (options: Partial<ConnectOptions> = {}) => {
    const session = setup({ conversationId: 'c', ...options });
    session.socket(0).open();
    session.socket(0).receive(frames.sessionStarted('c'));
    session.clock.advance(250);
    return session;
  };

  it('resolves with the answering turn, each message in turn, mixed with send()', async () => {
    const { chat, socket } = opened();
    const first = chat.ask('book it');
    const second: Turn[] = [];
    chat.send('thanks').subscribe((turn) => second.push(turn));
    const third = chat.ask('bye');
    expect(written(socket(0))).toEqual(['book it']);
    for (const text of ['Booked.', 'You are welcome.', 'Goodbye.'])
      for (const frame of answer(text)) socket(0).receive(frame);
    expect(written(socket(0))).toEqual(['book it', 'thanks', 'bye']);
    expect({
      first: (await first).text,
      second: second.map((turn) => turn.text),
      third: (await third).text,
    }).toEqual({ first: 'Booked.', second: ['You are welcome.'], third: 'Goodbye.' });
    chat.close();
  });

  it('rejects with the same errors as send(): a turn deadline, a full queue, close(), a bad text', async () => {
    const { chat, clock } = opened({ turnTimeoutMs: 1000, maxQueuedMessages: 1 });
    const timedOut = chat.ask('slow');
    const queued = chat.ask('queued');
    const refused = chat.ask('one too many');
    await expect(refused).rejects.toMatchObject({ name: 'SendQueueFullError', limit: 1 });
    clock.advance(1000);
    await expect(timedOut).rejects.toMatchObject({ name: 'TurnTimeoutError', timeoutMs: 1000 });
    chat.close();
    await expect(queued).rejects.toMatchObject({ name: 'SessionClosedError' });
    await expect(chat.ask('too late')).rejects.toMatchObject({
      name: 'SessionClosedError',
      message: 'the session is over; nothing was sent',
    });
    await expect(chat.ask(42 as unknown as string)).rejects.toThrow(
      new TypeError('ask: text must be a string'),
    );
  });

  it("rejects a late ask() with the session's terminal error", async () => {
    const { chat, socket } = opened();
    const inFlight = chat.ask('hello');
    socket(0).serverClose(4403, 'forbidden');
    await expect(inFlight).rejects.toMatchObject({ name: 'CloseError', code: 4403 });
    await expect(chat.ask('hello?')).rejects.toMatchObject({ name: 'CloseError', code: 4403 });
  });
});

describe('TextStreamSession turn timing, on its scheduler clock', () => {
  /** A turn's timing with the fields a test does not set left at their usual values. */
  const timing = (
    given: Partial<TurnTiming> & Pick<TurnTiming, 'firstFrameAt' | 'completedAt'>,
  ) => ({
    sentAt: undefined,
    typingAt: undefined,
    firstMessageAt: undefined,
    resentAt: undefined,
    reconnects: 0,
    ...given,
  });

  it('times a greeting from its own frames, with no sentAt; the message held behind it is sent at its end', () => {
    const { clock, chat, socket } = setup();
    const turns: Turn[] = [];
    chat.turns$.subscribe((turn) => turns.push(turn));
    chat.send('hello');
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    clock.advance(100);
    socket(0).receive(frames.typing());
    clock.advance(50);
    socket(0).receive(frames.message('Hi!'));
    clock.advance(10);
    socket(0).receive(frames.responseComplete());
    clock.advance(40);
    answer('There.').forEach((frame) => socket(0).receive(frame));
    expect(turns.map((turn) => turn.timing)).toEqual([
      timing({ firstFrameAt: 100, typingAt: 100, firstMessageAt: 150, completedAt: 160 }),
      // send() was called at 0; the message went out when the greeting ended.
      timing({
        sentAt: 160,
        firstFrameAt: 200,
        typingAt: 200,
        firstMessageAt: 200,
        completedAt: 200,
      }),
    ]);
    chat.close();
  });

  it('times an answered turn: written, first frame, typing, first message, completion', async () => {
    const { clock, chat, socket } = setup({ greetingTimeoutMs: false });
    const turns: Turn[] = [];
    chat.turns$.subscribe((turn) => turns.push(turn));
    const answered = lastValueFrom(chat.send('hello'));
    socket(0).open();
    clock.advance(20);
    socket(0).receive(frames.sessionStarted());
    clock.advance(30);
    socket(0).receive(frames.typing());
    clock.advance(100);
    socket(0).receive(frames.message('Hi'));
    clock.advance(5);
    socket(0).receive(frames.responseComplete());
    const turn = await answered;
    expect(turn.timing).toEqual(
      timing({ sentAt: 20, firstFrameAt: 50, typingAt: 50, firstMessageAt: 150, completedAt: 155 }),
    );
    // The answer and turns$ carry the same turn.
    expect(turns).toEqual([turn]);
    chat.close();
  });

  it('leaves typingAt undefined for a turn with no typing; a tool frame is its first frame', async () => {
    const { clock, chat, socket } = setup({ greetingTimeoutMs: false });
    const answered = lastValueFrom(chat.send('look it up'));
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    clock.advance(40);
    socket(0).receive(frames.toolCallStarted('lookup', 'c1'));
    clock.advance(20);
    socket(0).receive(frames.toolCallCompleted('lookup', 'c1', 'found'));
    socket(0).receive(frames.message('Found it.'));
    clock.advance(1);
    socket(0).receive(frames.responseComplete());
    expect((await answered).timing).toEqual(
      timing({ sentAt: 0, firstFrameAt: 40, firstMessageAt: 60, completedAt: 61 }),
    );
    chat.close();
  });

  it('ends a turn cut off by its deadline at the deadline (complete: false)', async () => {
    const { clock, chat, socket } = setup({ greetingTimeoutMs: false, turnTimeoutMs: 1000 });
    const turns: Turn[] = [];
    chat.turns$.subscribe((turn) => turns.push(turn));
    const answered = lastValueFrom(chat.send('hello'));
    socket(0).open();
    clock.advance(20);
    socket(0).receive(frames.sessionStarted());
    clock.advance(30);
    socket(0).receive(frames.typing());
    clock.advance(2000);
    const error = await answered.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TurnTimeoutError);
    const cut = timing({ sentAt: 20, firstFrameAt: 50, typingAt: 50, completedAt: 1020 });
    expect((error as TurnTimeoutError).partial?.timing).toEqual(cut);
    expect(turns.map(({ complete, timing }) => ({ complete, timing }))).toEqual([
      { complete: false, timing: cut },
    ]);
    chat.close();
  });

  it('ends a greeting cut off by a drop at the drop', () => {
    const { clock, chat, socket } = setup({ reconnect: { initialDelayMs: 100 } });
    const turns: Turn[] = [];
    chat.turns$.subscribe((turn) => turns.push(turn));
    socket(0).open();
    socket(0).receive(frames.sessionStarted());
    clock.advance(10);
    socket(0).receive(frames.typing());
    clock.advance(15);
    socket(0).serverClose(1006);
    expect(turns.map(({ complete, timing }) => ({ complete, timing }))).toEqual([
      { complete: false, timing: timing({ firstFrameAt: 10, typingAt: 10, completedAt: 25 }) },
    ]);
    chat.close();
  });

  it('times an answer that spans a reconnect: sentAt is the first write, resentAt the resend, one reconnect', async () => {
    const { clock, chat, socket } = setup({
      conversationId: 'conv_1',
      reconnect: { initialDelayMs: 100 },
    });
    const answered = lastValueFrom(chat.send('book it'));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('conv_1'));
    clock.advance(250);
    clock.advance(10);
    socket(0).receive(frames.typing());
    clock.advance(10);
    socket(0).receive(frames.message('Booked.'));
    socket(0).serverClose(1006);
    clock.advance(100);
    socket(1).open();
    clock.advance(5);
    socket(1).receive(frames.sessionStarted('conv_1'));
    clock.advance(20);
    answer('Booked.').forEach((frame) => socket(1).receive(frame));
    const turn = await answered;
    expect({ spansReconnect: turn.spansReconnect, timing: turn.timing }).toEqual({
      spansReconnect: true,
      timing: timing({
        sentAt: 250,
        firstFrameAt: 260,
        typingAt: 260,
        firstMessageAt: 270,
        completedAt: 395,
        resentAt: 375,
        reconnects: 1,
      }),
    });
    chat.close();
  });

  it('times a duplicate completion after a resend: a lone response_complete is first frame and end', async () => {
    const { clock, chat, socket } = setup({
      conversationId: 'conv_1',
      reconnect: { initialDelayMs: 100 },
    });
    const answered = lastValueFrom(chat.send('book it'));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('conv_1'));
    clock.advance(250);
    clock.advance(10);
    // Dropped before any frame of the answer reached the client.
    socket(0).serverClose(1006);
    clock.advance(100);
    socket(1).open();
    socket(1).receive(frames.sessionStarted('conv_1'));
    clock.advance(30);
    socket(1).receive(frames.responseComplete(true));
    const turn = await answered;
    expect({ duplicate: turn.duplicate, timing: turn.timing }).toEqual({
      duplicate: true,
      timing: timing({
        sentAt: 250,
        firstFrameAt: 390,
        completedAt: 390,
        resentAt: 360,
        reconnects: 1,
      }),
    });
    chat.close();
  });

  it('counts each resume that resent the message, and keeps the latest resend', async () => {
    const { clock, chat, socket } = setup({
      conversationId: 'conv_1',
      greetingTimeoutMs: false,
      reconnect: { initialDelayMs: 100 },
    });
    const answered = lastValueFrom(chat.send('book it'));
    socket(0).open();
    socket(0).receive(frames.sessionStarted('conv_1'));
    clock.advance(10);
    socket(0).receive(frames.typing());
    for (const index of [0, 1]) {
      socket(index).serverClose(1006);
      clock.advance(100);
      socket(index + 1).open();
      socket(index + 1).receive(frames.sessionStarted('conv_1'));
    }
    const resumedAt = clock.now();
    clock.advance(7);
    answer('Booked.').forEach((frame) => socket(2).receive(frame));
    const turn = await answered;
    expect({ spansReconnect: turn.spansReconnect, timing: turn.timing }).toEqual({
      spansReconnect: true,
      timing: timing({
        sentAt: 0,
        firstFrameAt: 10,
        typingAt: 10,
        firstMessageAt: resumedAt + 7,
        completedAt: resumedAt + 7,
        resentAt: resumedAt,
        reconnects: 2,
      }),
    });
    chat.close();
  });
});
