import {
  config,
  filter,
  take,
  type Observable,
  firstValueFrom,
  lastValueFrom,
  skip,
  toArray,
} from 'rxjs';
import {
  CloseError,
  ConversationChangedError,
  type SentMessage,
  SessionClosedError,
  TurnTimeoutError,
  type Turn,
} from '../../src/index';
import { createTestServer } from '../../src/testing/createTestServer';
import { session } from '../support/sessions';

// Each test plays one way the live platform (as platform-notes.md describes
// it) behaves that our first session got wrong, over a real socket, and
// checks both what the server received and what each send() settled with.

const reschedule = 'Hi, I need to reschedule my appointment';
const askDate = 'I can help with that. What date works for you?';
const hint = (text: string) => expect.stringContaining(`You said "${text}"`);
const texts = (server: { messages(): { text: string }[] }) =>
  server.messages().map((message) => message.text);

describe('a session against a platform-like server', () => {
  const server = createTestServer({ pingIntervalMs: 50 });

  it('sends after a greeting cut by a drop, on a resume that does not greet', async () => {
    // Frames: session_started, typing, then the socket closes with 1011.
    server.inject({ kind: 'drop', afterFrames: 2, code: 1011 });
    const chat = session({ url: server.url });
    const typing: boolean[] = [];
    chat.typing$.subscribe((value) => typing.push(value));
    const turns = lastValueFrom(chat.turns$.pipe(toArray()));
    const turn = await lastValueFrom(chat.send('hi'));
    expect(turn).toMatchObject({ text: hint('hi'), complete: true, spansReconnect: false });
    expect(typing).toEqual([true, false, true, false]);
    chat.close();
    const [greeting, answer] = await turns;
    expect(greeting).toMatchObject({ complete: false, messages: [] });
    expect(answer).toBe(turn);
    expect(server.connections[1]).toMatchObject({ resumed: true });
    expect(server.messages()).toEqual([expect.objectContaining({ text: 'hi', midTurn: false })]);
  });

  it('lets a lone error frame between turns open no turn and hold no gate', async () => {
    const chat = session({ url: server.url, turnTimeoutMs: 60_000 });
    await firstValueFrom(chat.turns$); // the greeting
    const errors = firstValueFrom(chat.errors$);
    server.push(0, { type: 'error', message: 'something went wrong elsewhere' });
    expect(await errors).toMatchObject({ message: 'something went wrong elsewhere' });
    const turn = await lastValueFrom(chat.send('hi'));
    expect(turn).toMatchObject({ text: hint('hi'), errors: [] });
    expect(server.connections).toHaveLength(1);
  });

  it('ends a stray typing turn at the turn deadline and then sends, on a new socket', async () => {
    const chat = session({ url: server.url, turnTimeoutMs: 300 });
    await firstValueFrom(chat.turns$);
    const stray = firstValueFrom(chat.turns$);
    const typing = firstValueFrom(chat.typing$);
    server.push(0, { type: 'typing' });
    expect(await typing).toBe(true);
    const answer = lastValueFrom(chat.send('hi'));
    expect(await stray).toMatchObject({ complete: false });
    expect(await answer).toMatchObject({ text: hint('hi'), complete: true });
    // The message never went out beside the stray turn: only on the resumed socket.
    expect(server.connections[0]?.messages).toEqual([]);
    expect(server.connections[1]?.messages).toEqual([expect.objectContaining({ text: 'hi' })]);
  });

  it('fails a message answered only by an error frame at its deadline, and goes on', async () => {
    server.inject({ kind: 'answer', frames: [{ type: 'error', message: 'agent crashed' }] });
    // The deadline also bounds the answer to 'second': 300 ms was too short
    // for it on a loaded machine.
    const chat = session({ url: server.url, turnTimeoutMs: 1500 });
    const failed = await lastValueFrom(chat.send('first')).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(TurnTimeoutError);
    expect((failed as TurnTimeoutError).partial).toMatchObject({
      errors: [{ message: 'agent crashed' }],
      complete: false,
    });
    const turn = await lastValueFrom(chat.send('second'));
    expect(turn.text).toEqual(hint('second'));
    expect(texts(server)).toEqual(['first', 'second']);
  });

  it('ignores a stray response_complete between turns instead of releasing the gate', async () => {
    const chat = session({ url: server.url });
    await firstValueFrom(chat.turns$);
    server.push(0, { type: 'response_complete', duplicate: false });
    const [one, two] = await Promise.all(
      ['one', 'two'].map((text) => lastValueFrom(chat.send(text))),
    );
    expect([one?.text, two?.text]).toEqual([hint('one'), hint('two')]);
    expect(server.messages().map((message) => message.midTurn)).toEqual([false, false]);
  });

  it('waits out a greeting that starts 1 s after session_started', async () => {
    await server.close();
    const slow = await import('../../src/server/ws').then(({ startReferenceServer }) =>
      startReferenceServer({ pingIntervalMs: 50, greetingDelayMs: 1000 }),
    );
    try {
      const chat = session({ url: slow.url, greetingTimeoutMs: 5000 });
      const turns = lastValueFrom(chat.turns$.pipe(toArray()));
      const answers = await Promise.all(
        [reschedule, 'Next Tuesday'].map((text) => lastValueFrom(chat.send(text))),
      );
      chat.close();
      expect(answers.map((turn) => turn.text)).toEqual([
        askDate,
        expect.stringContaining('I have openings at 9:00 AM and 2:00 PM next Tuesday'),
      ]);
      const [greeting] = await turns;
      expect(greeting?.text).toMatch(/^Hello!/);
      expect(slow.messages().map((message) => message.midTurn)).toEqual([false, false]);
    } finally {
      await slow.close();
    }
  });

  it('sends at once when told the server never greets', async () => {
    await server.close();
    const quiet = await import('../../src/server/ws').then(({ startReferenceServer }) =>
      startReferenceServer({ pingIntervalMs: false, greet: false }),
    );
    try {
      const chat = session({ url: quiet.url, greetingTimeoutMs: false });
      expect((await lastValueFrom(chat.send('hi'))).text).toEqual(hint('hi'));
      chat.close();
    } finally {
      await quiet.close();
    }
  });

  it('never sends into the new conversation a server opens for an unknown conversationId', async () => {
    const chat = session({ url: server.url, conversationId: 'conv_gone' });
    const notice = firstValueFrom(
      chat.notices$.pipe(filter((event) => event.kind === 'conversation-changed')),
    );
    const failed = await lastValueFrom(chat.send('as I said before')).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ConversationChangedError);
    const started = await firstValueFrom(chat.session$);
    expect(await notice).toEqual({
      kind: 'conversation-changed',
      from: 'conv_gone',
      to: started.conversation_id,
    });
    // A message written after the change belongs to the new conversation.
    const turn = await lastValueFrom(chat.send('hi'));
    expect(turn.text).toEqual(hint('hi'));
    expect(texts(server)).toEqual(['hi']);
  });

  it('answers the first send with its answer, not the greeting, when the server keeps an unknown id', async () => {
    await server.close();
    const same = await import('../../src/server/ws').then(({ startReferenceServer }) =>
      startReferenceServer({ pingIntervalMs: false, unknownConversation: 'same-id' }),
    );
    try {
      const chat = session({ url: same.url, conversationId: 'conv_new', greetingTimeoutMs: 2000 });
      const turn = await lastValueFrom(chat.send('hi'));
      expect(turn.text).toEqual(hint('hi'));
      expect(same.messages()).toEqual([expect.objectContaining({ text: 'hi', midTurn: false })]);
      chat.close();
    } finally {
      await same.close();
    }
  });

  it('does not resend a message in flight into another conversation on resume', async () => {
    // Connection 0: session_started, the greeting (3 frames), typing of the answer; then cut.
    server.inject({ kind: 'drop', afterFrames: 5 }, { kind: 'switch-conversation' });
    const chat = session({ url: server.url });
    const inFlight = lastValueFrom(chat.send(reschedule)).catch((e: unknown) => e);
    const queued = lastValueFrom(chat.send('queued')).catch((e: unknown) => e);
    const failed = await inFlight;
    expect(failed).toBeInstanceOf(ConversationChangedError);
    expect(await queued).toBeInstanceOf(ConversationChangedError);
    const [first, second] = server.connections;
    expect(second?.conversationId).not.toBe(first?.conversationId);
    expect(second?.messages).toEqual([]);
    expect(texts(server)).toEqual([reschedule]);
    chat.close();
  });

  it('marks a turn whose resend the server answered in full, so the doubled answer shows', async () => {
    // Cut after the answer's message frame (frame 6), before its response_complete.
    server.inject({ kind: 'drop', afterFrames: 6 });
    const chat = session({ url: server.url });
    const sent = lastValueFrom(chat.sent$.pipe(toArray()));
    const turn = await lastValueFrom(chat.send(reschedule));
    expect(turn).toMatchObject({ spansReconnect: true, duplicate: false, complete: true });
    expect(turn.messages.map((message) => message.text)).toEqual([askDate, askDate]);
    chat.close();
    const [original, resend] = (await sent) as SentMessage[];
    expect(resend).toEqual({ ...original, resend: true });
    expect(server.messages()).toEqual([
      expect.objectContaining({ resend: false, clientMessageId: original?.clientMessageId }),
      expect.objectContaining({ resend: true, clientMessageId: original?.clientMessageId }),
    ]);
  });
});

describe('a session ending, as users call it', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('delivers an answer to its send() even when a turns$ subscriber closes the session on it', async () => {
    const chat = session({ url: server.url });
    await firstValueFrom(chat.turns$);
    chat.turns$.subscribe(() => chat.close());
    const turn = await lastValueFrom(chat.send('hi'));
    expect(turn.text).toEqual(hint('hi'));
  });

  it('completes sent$ and every other stream when the session ends', async () => {
    const chat = session({ url: server.url });
    const all = [chat.sent$, chat.frames$, chat.turns$, chat.typing$, chat.notices$].map(
      (stream$: Observable<unknown>) => lastValueFrom(stream$.pipe(toArray())),
    );
    await lastValueFrom(chat.send('hi'));
    chat.close();
    const [sent] = await Promise.all(all);
    expect(sent).toHaveLength(1);
    await expect(lastValueFrom(chat.sent$.pipe(toArray()))).resolves.toEqual([]);
  });

  it('writes nothing for a send() made in an ended$ callback', async () => {
    const chat = session({ url: server.url });
    await firstValueFrom(chat.turns$);
    let late: Promise<unknown> | undefined;
    chat.ended$.subscribe(() => {
      late = lastValueFrom(chat.send('too late')).catch((e: unknown) => e);
    });
    await lastValueFrom(chat.stop());
    expect(await late).toBeInstanceOf(SessionClosedError);
    expect(texts(server)).toEqual([]);
    expect(server.connections[0]?.received).toEqual([{ type: 'stop' }]);
  });

  it('stops after the messages sent before stop(), and fails those sent after it', async () => {
    const chat = session({ url: server.url });
    const sent = lastValueFrom(chat.sent$.pipe(toArray()));
    const answers = ['one', 'two'].map((text) => lastValueFrom(chat.send(text)));
    const ended = lastValueFrom(chat.stop());
    const after = lastValueFrom(chat.send('three')).catch((e: unknown) => e);
    expect((await Promise.all(answers)).map((turn: Turn) => turn.text)).toEqual([
      hint('one'),
      hint('two'),
    ]);
    expect(await ended).toEqual({ type: 'session_ended', reason: 'stopped' });
    expect(await after).toBeInstanceOf(SessionClosedError);
    expect((await sent).map((message) => message.text)).toEqual(['one', 'two']);
    expect(
      server.connections[0]?.received.map((frame) => (frame as { text?: string }).text ?? 'stop'),
    ).toEqual(['one', 'two', 'stop']);
  });

  it('does not crash a process that subscribes with next handlers only on a terminal close', async () => {
    const unhandled: unknown[] = [];
    const previous = config.onUnhandledError;
    config.onUnhandledError = (error) => unhandled.push(error);
    try {
      const chat = session({ url: server.url });
      // The README's pattern: next handlers only, and each send awaited in try/catch.
      chat.turns$.subscribe(() => undefined);
      chat.messages$.subscribe(() => undefined);
      chat.typing$.subscribe(() => undefined);
      chat.state$.subscribe(() => undefined);
      await firstValueFrom(chat.turns$);
      const answer = lastValueFrom(chat.send('hi')).catch((e: unknown) => e);
      server.dropAll(4403);
      const error = await answer;
      expect(error).toBeInstanceOf(CloseError);
      expect(error).toMatchObject({ code: 4403 });
      await expect(lastValueFrom(chat.ended$)).rejects.toBe(error);
      expect(unhandled).toEqual([]);
    } finally {
      config.onUnhandledError = previous;
    }
  });
});

describe('reconnect progress', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('tells an app which attempt comes next, after what delay and why', async () => {
    server.inject({ kind: 'reject', code: 1012 }, { kind: 'reject', code: 1013 });
    const chat = session({
      url: server.url,
      reconnect: { initialDelayMs: 5, maxDelayMs: 20, rateLimitFloorMs: 30, maxAttempts: 4 },
    });
    const attempts = firstValueFrom(chat.reconnects$.pipe(take(2), toArray()));
    await firstValueFrom(chat.session$);
    const [first, second] = await attempts;
    expect(first).toMatchObject({ attempt: 1, maxAttempts: 4, cause: { code: 1012 } });
    expect(second).toMatchObject({ attempt: 2, maxAttempts: 4, cause: { code: 1013 } });
    // A rate-limit close waits at least the floor.
    expect(second?.delayMs).toBeGreaterThanOrEqual(30);
    expect(first?.cause).toBeInstanceOf(CloseError);
    chat.close();
  });
});

describe('a resumed conversation', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('resends at once after a drop, without waiting for a greeting', async () => {
    server.inject({ kind: 'drop', afterFrames: 4 });
    const chat = session({ url: server.url, greetingTimeoutMs: 60_000 });
    await firstValueFrom(chat.turns$);
    await firstValueFrom(chat.session$.pipe(skip(1)));
    const turn = await lastValueFrom(chat.send('hi'));
    expect(turn.text).toEqual(hint('hi'));
  });
});
