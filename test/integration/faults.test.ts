import { filter, firstValueFrom, lastValueFrom, skip, toArray } from 'rxjs';
import { CloseError, textStream } from '../../src/index';
import { createTestServer } from '../../src/testing/createTestServer';
import { session } from '../support/sessions';
import { virtualClock } from '../support/virtualClock';

const reschedule = 'Hi, I need to reschedule my appointment';
const askDate = 'I can help with that. What date works for you?';

describe('reconnect and resume over real sockets', () => {
  const server = createTestServer({ pingIntervalMs: 50 });

  it('trips the watchdog on a silent server and resumes the conversation', async () => {
    // session_started and the three greeting frames, then nothing, not even pings.
    server.inject({ kind: 'silence', afterFrames: 4 });
    const chat = session({ url: server.url, pingTimeoutMs: 300 });
    const resumed = firstValueFrom(chat.session$.pipe(skip(1)));
    const [first, second] = [await server.connection(0), await server.connection(1)];
    expect(await resumed).toMatchObject({ conversation_id: first.conversationId });
    expect(second).toMatchObject({
      resumed: true,
      query: { conversation_id: first.conversationId },
    });
    expect(await server.closed(0)).toMatchObject({ closedBy: 'client', closeCode: 1000 });

    const turn = await lastValueFrom(chat.send(reschedule));
    expect(turn.text).toBe('I can help with that. What date works for you?');
  });

  it.each([
    ['before the answer arrived', 5, [askDate]],
    // The platform answers a resend whose answer a drop cut in full again;
    // the turn says it spans the reconnect, so the doubled text is visible.
    ['after the message, before response_complete', 6, [askDate, askDate]],
  ])(
    'resends a message cut off %s once, with the same client_message_id',
    async (_when, afterFrames, answers) => {
      // Frames 1-4: session_started and the greeting; 5: typing; 6: the message.
      server.inject({ kind: 'drop', afterFrames });
      const chat = session({ url: server.url });
      const turn = await lastValueFrom(chat.send(reschedule));
      expect(turn).toMatchObject({ complete: true, duplicate: false, spansReconnect: true });
      expect(turn.messages.map((message) => message.text)).toEqual(answers);
      chat.close();
      const [original, resend] = server.messages();
      expect(original).toMatchObject({ text: reschedule, midTurn: false, resend: false });
      expect(resend).toEqual({ ...original, resend: true });
      expect(server.connections.map((record) => record.messages.length)).toEqual([1, 1]);
    },
  );

  it('keeps messages queued behind a dropped one in order, in the same conversation', async () => {
    server.inject({ kind: 'drop', afterFrames: 5, code: 1012 });
    const chat = session({ url: server.url, toolEvents: true });
    const answers = await Promise.all(
      [reschedule, 'Next Tuesday'].map((text) => lastValueFrom(chat.send(text))),
    );
    expect(answers.map((turn) => turn.text)).toEqual([
      'I can help with that. What date works for you?',
      'I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
    ]);
    const conversations = new Set(server.connections.map((record) => record.conversationId));
    expect(conversations.size).toBe(1);
    expect(server.messages().map(({ text, resend, midTurn }) => [text, resend, midTurn])).toEqual([
      [reschedule, false, false],
      [reschedule, true, false],
      ['Next Tuesday', false, false],
    ]);
  });

  it.each([[1000], [1001], [1011], [1012], [1013], [4029]])(
    'retries a close with %i',
    async (code) => {
      server.inject({ kind: 'reject', code });
      const chat = session({
        url: server.url,
        reconnect: { initialDelayMs: 5, maxDelayMs: 5, rateLimitFloorMs: 20 },
      });
      const states = lastValueFrom(chat.state$.pipe(toArray()));
      await firstValueFrom(chat.session$);
      chat.close();
      expect(await states).toEqual(['connecting', 'open', 'reconnecting', 'open', 'closed']);
      expect(await server.closed(1)).toMatchObject({ closedBy: 'client', closeCode: 1000 });
      expect(server.connections.map((record) => record.closeCode)).toEqual([code, 1000]);
    },
  );

  it('retries a connection cut without a close frame (1006)', async () => {
    server.inject({ kind: 'drop', afterFrames: 1 });
    const chat = session({ url: server.url });
    await firstValueFrom(chat.session$.pipe(skip(1)));
    expect(server.connections.map((record) => record.closeCode)).toEqual([1006, undefined]);
  });

  it.each([[1008], [4001], [4003], [4100], [4403]])(
    'ends at once on terminal close %i, after one attempt',
    async (code) => {
      server.inject({ kind: 'reject', code, reason: 'refused' });
      const chat = session({ url: server.url });
      const error = await lastValueFrom(chat.ended$).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(CloseError);
      expect(error).toMatchObject({ code, reason: 'refused', retryable: false });
      // Only ended$ and the sends carry a terminal error; other streams complete.
      await expect(lastValueFrom(chat.turns$, { defaultValue: 'completed' })).resolves.toBe(
        'completed',
      );
      expect(server.connections).toHaveLength(1);
    },
  );

  it('gives up on a flapping server: a session that starts and drops at once proves nothing', async () => {
    server.inject(
      ...Array.from({ length: 100 }, () => ({ kind: 'drop' as const, afterFrames: 1, code: 1011 })),
    );
    const chat = session({
      url: server.url,
      reconnect: { maxAttempts: 10, initialDelayMs: 1, maxDelayMs: 2 },
    });
    const error: unknown = await lastValueFrom(chat.ended$).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CloseError);
    expect((error as CloseError).message).toMatch(
      /^gave up after 10 reconnect attempts without a healthy connection \(last: socket closed with code 1011/,
    );
    expect(server.connections).toHaveLength(11);
    expect(new Set(server.connections.map((record) => record.conversationId)).size).toBe(1);
  });

  it('gives up with a CloseError once the budget is spent', async () => {
    server.inject(...Array.from({ length: 4 }, () => ({ kind: 'reject' as const, code: 1011 })));
    const chat = session({
      url: server.url,
      reconnect: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(lastValueFrom(chat.ended$)).rejects.toMatchObject({
      name: 'CloseError',
      code: 1011,
    });
    expect(server.connections).toHaveLength(4);
  });
});

describe('sockets and subscriptions', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('opens one socket per subscription and closes it with 1000 on unsubscribe', async () => {
    const frames$ = textStream({ url: server.url });
    const started = [firstValueFrom(frames$), firstValueFrom(frames$)];
    const [a, b] = await Promise.all(started);
    expect(a?.type).toBe('session_started');
    expect(b?.type).toBe('session_started');
    expect(await server.closed(0)).toMatchObject({ closedBy: 'client', closeCode: 1000 });
    expect(await server.closed(1)).toMatchObject({ closedBy: 'client', closeCode: 1000 });
    expect(new Set(server.connections.map((record) => record.conversationId)).size).toBe(2);
  });

  it('stops reconnecting when closed during backoff, leaving no timer behind', async () => {
    // The session's own timers, on a virtual clock that nothing advances: a
    // count of them cannot depend on what other tests or libraries left running.
    const clock = virtualClock();
    server.inject({ kind: 'reject', code: 1012 });
    const chat = session({
      url: server.url,
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 1,
      scheduler: clock.scheduler,
    });
    await firstValueFrom(chat.state$.pipe(filter((state) => state === 'reconnecting')));
    const backoff = clock.scheduler.actions.map((action) => action.delay);
    chat.close();
    expect({ 'timers while backing off': backoff }).toEqual({
      'timers while backing off': expect.arrayContaining([60_000]),
    });
    expect({ 'timers left after close()': clock.scheduler.actions.length }).toEqual({
      'timers left after close()': 0,
    });
    expect(server.connections).toHaveLength(1);
  });
});

describe('authentication', () => {
  const token = 'sekret-token-123';
  const server = createTestServer({ pingIntervalMs: false, token });

  it('carries the token as a subprotocol, never in the URL', async () => {
    const chat = session({ url: server.url, token });
    await firstValueFrom(chat.session$);
    expect(server.connections[0]).toMatchObject({ auth: 'subprotocol', query: {} });
  });

  it('carries the token in the query when asked, and the server masks it', async () => {
    const chat = session({ url: server.url, token, auth: 'query' });
    await firstValueFrom(chat.session$);
    expect(server.connections[0]).toMatchObject({ auth: 'query', query: { token: '***' } });
  });

  it.each([
    ['a wrong token', 'wrong-token-456', 4403],
    ['no token', undefined, 4100],
  ])('ends with a terminal CloseError on %s, quoting no token', async (_label, offered, code) => {
    const chat = session({ url: server.url, ...(offered === undefined ? {} : { token: offered }) });
    const error = await lastValueFrom(chat.ended$).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'CloseError', code });
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    expect(text).not.toContain(token);
    if (offered) expect(text).not.toContain(offered);
    expect(server.connections).toHaveLength(1);
  });
});
