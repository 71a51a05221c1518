import { filter, firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';
import { createTestServer } from '../../src/testing/createTestServer';
import { session } from '../support/sessions';

describe('a conversation over a real socket', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it("holds the protocol page's conversation turn by turn, tool calls paired", async () => {
    const chat = session({ url: server.url, toolEvents: true });
    const greeting = await firstValueFrom(chat.turns$);
    expect(greeting).toMatchObject({
      index: 0,
      complete: true,
      text: expect.stringMatching(/^Hello!/),
    });

    const first = await lastValueFrom(chat.send('Hi, I need to reschedule my appointment'));
    expect(first).toMatchObject({
      index: 1,
      text: 'I can help with that. What date works for you?',
      toolCalls: [],
      complete: true,
    });

    const second = await lastValueFrom(chat.send('Next Tuesday'));
    expect(second.text).toBe(
      'I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
    );
    expect(second.toolCalls).toEqual([
      expect.objectContaining({
        status: 'completed',
        toolName: 'check_availability',
        input: { date: '2026-07-14' },
        result: '{"slots":["9:00 AM","2:00 PM"]}',
        succeeded: true,
      }),
    ]);

    const ended = lastValueFrom(chat.ended$);
    const third = await lastValueFrom(chat.send('9 AM please'));
    expect(third.text).toBe('Done - you are rescheduled for Tuesday at 9:00 AM.');
    expect(third.toolCalls).toEqual([
      expect.objectContaining({ status: 'completed', toolName: 'book_appointment' }),
    ]);
    expect(await ended).toEqual({ type: 'session_ended', reason: 'completed' });

    const closed = await server.closed(0);
    expect(closed).toMatchObject({
      closeCode: 1000,
      closedBy: 'server',
      resumed: false,
      query: { tool_events: 'true' },
    });
    expect(server.messages()).toEqual([
      ...['Hi, I need to reschedule my appointment', 'Next Tuesday', '9 AM please'].map((text) => ({
        text,
        clientMessageId: expect.any(String),
        midTurn: false,
        resend: false,
      })),
    ]);
    expect(server.connections).toHaveLength(1);
  });

  it('leaves tool frames out unless toolEvents is on', async () => {
    const chat = session({ url: server.url });
    await lastValueFrom(chat.send('Hi, I need to reschedule my appointment'));
    const turn = await lastValueFrom(chat.send('Next Tuesday'));
    expect(turn.toolCalls).toEqual([]);
    expect(turn.text).toMatch(/openings at 9:00 AM/);
  });

  it('greets a new conversation before any user message, and resumes one without a greeting', async () => {
    const first = session({ url: server.url });
    const greeting = await firstValueFrom(first.turns$);
    expect(greeting).toMatchObject({ index: 0, text: expect.stringMatching(/^Hello!/) });
    const { conversation_id } = await firstValueFrom(first.session$);
    first.close();
    expect(await server.closed(0)).toMatchObject({ closeCode: 1000, closedBy: 'client' });

    const resumed = session({ url: server.url, conversationId: conversation_id });
    const turns: string[] = [];
    resumed.turns$.subscribe((turn) => turns.push(turn.text));
    const answer = await lastValueFrom(resumed.send('Hi, I need to reschedule my appointment'));
    expect(answer.index).toBe(0);
    expect(turns).toEqual(['I can help with that. What date works for you?']);
    expect(server.connections[1]).toMatchObject({
      resumed: true,
      conversationId: conversation_id,
      query: { conversation_id },
    });
  });

  it('never lets a message reach the server mid-turn, and keeps the order', async () => {
    const chat = session({ url: server.url, toolEvents: true });
    const answers = ['Hi, I need to reschedule my appointment', 'Next Tuesday', '2 PM'].map(
      (text) => lastValueFrom(chat.send(text)),
    );
    const texts = (await Promise.all(answers)).map((turn) => turn.text);
    expect(texts).toEqual([
      'I can help with that. What date works for you?',
      'I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
      'Done - you are rescheduled for Tuesday at 2:00 PM.',
    ]);
    expect(server.messages().map(({ text, midTurn }) => [text, midTurn])).toEqual([
      ['Hi, I need to reschedule my appointment', false],
      ['Next Tuesday', false],
      ['2 PM', false],
    ]);
  });

  it('refuses a send beyond the queue bound with a clear error, dropping nothing silently', async () => {
    const chat = session({ url: server.url, maxQueuedMessages: 2 });
    const kept = [lastValueFrom(chat.send('Hi')), lastValueFrom(chat.send('Hello again'))];
    await expect(lastValueFrom(chat.send('one too many'))).rejects.toMatchObject({
      name: 'SendQueueFullError',
      limit: 2,
    });
    expect(await Promise.all(kept)).toHaveLength(2);
    expect(server.messages().map((message) => message.text)).toEqual(['Hi', 'Hello again']);
  });

  it('delivers error frames in their turn and on errors$, and goes on', async () => {
    const chat = session({ url: server.url, toolEvents: true });
    const errors = firstValueFrom(chat.errors$);
    const turn = await lastValueFrom(chat.send("What's my order status?"));
    expect(turn.errors).toEqual([
      { type: 'error', message: 'lookup_order timed out; answering without it.' },
    ]);
    expect(turn.toolCalls).toEqual([
      expect.objectContaining({ toolName: 'lookup_order', status: 'completed', succeeded: false }),
    ]);
    expect(await errors).toEqual(turn.errors[0]);
    const next = await lastValueFrom(chat.send('Hi, I need to reschedule my appointment'));
    expect(next.text).toBe('I can help with that. What date works for you?');
  });

  it('completes every stream on session_ended, for late subscribers too, without reconnecting', async () => {
    const chat = session({ url: server.url });
    const streams: Observable<unknown>[] = [
      chat.messages$,
      chat.toolCalls$,
      chat.turns$,
      chat.typing$,
      chat.errors$,
      chat.diagnostics$,
      chat.session$,
    ];
    const frames = lastValueFrom(chat.frames$.pipe(toArray()));
    const all = Promise.all(streams.map((stream$) => lastValueFrom(stream$.pipe(toArray()))));
    const states = lastValueFrom(chat.state$.pipe(toArray()));
    const ended = await lastValueFrom(chat.stop());
    expect(ended).toEqual({ type: 'session_ended', reason: 'stopped' });
    const [messages] = await all;
    expect((await frames).map((frame) => frame.type)).toEqual([
      'session_started',
      'typing',
      'message',
      'response_complete',
      'session_ended',
    ]);
    expect(messages).toHaveLength(1);
    expect(await states).toEqual(['connecting', 'open', 'closed']);

    // Late subscribers: replaying streams replay, the others just complete.
    expect(await lastValueFrom(chat.turns$.pipe(toArray()))).toEqual([]);
    expect(await lastValueFrom(chat.state$)).toBe('closed');
    expect(await lastValueFrom(chat.session$)).toMatchObject({ type: 'session_started' });
    await expect(lastValueFrom(chat.send('anyone?'))).rejects.toMatchObject({
      name: 'SessionClosedError',
    });
    expect(server.connections).toHaveLength(1);
    expect(server.messages()).toEqual([]);
    expect(server.connections[0]?.received).toEqual([{ type: 'stop' }]);
  });

  it('sends the typed message shape when asked', async () => {
    const chat = session({ url: server.url, messageShape: 'typed' });
    await lastValueFrom(chat.send('Hi'));
    expect(server.connections[0]?.received).toEqual([
      { type: 'message', text: 'Hi', client_message_id: expect.any(String) },
    ]);
  });

  it('shows typing while the agent works', async () => {
    const chat = session({ url: server.url });
    const seen: boolean[] = [];
    chat.typing$.subscribe((value) => seen.push(value));
    await lastValueFrom(chat.send('Hi'));
    expect(seen).toEqual([true, false, true, false]);
  });
});

describe('a noisy server', () => {
  const server = createTestServer({ pingIntervalMs: false, noise: true });

  it('reports unknown and malformed frames on diagnostics$ and keeps going', async () => {
    const chat = session({ url: server.url });
    const diagnostics = lastValueFrom(chat.diagnostics$.pipe(toArray()));
    const turn = await lastValueFrom(chat.send('Hi'));
    expect(turn.text).toMatch(/reschedule/);
    chat.close();
    expect((await diagnostics).map((d) => d.kind)).toEqual([
      'unknown-type',
      'invalid-frame',
      'unknown-type',
      'invalid-frame',
    ]);
  });
});

// The reference server writes an unpaced answer whole before it reads the
// next frame, so a message the client wrote too early would still land
// between turns there. Paced, it reads client frames between the frames of an
// answer and records a message that arrives while a turn is open as midTurn:
// a broken turn gate shows.
describe('the turn gate against a paced server', () => {
  const server = createTestServer({ pingIntervalMs: false, frameDelayMs: 15 });

  it('writes no message while the previous answer is still being written', async () => {
    const chat = session({ url: server.url, greetingTimeoutMs: 200 });
    const midTurn = () => ({
      'messages the server saw arrive mid-turn': server
        .messages()
        .filter((message) => message.midTurn)
        .map((message) => message.text),
    });
    const none = { 'messages the server saw arrive mid-turn': [] };
    // After the greeting the gate is open: the first message goes out at once,
    // and only the message in flight can hold back the next two.
    await firstValueFrom(chat.turns$);
    const answers = Promise.all(
      ['Hi, I need to reschedule my appointment', 'Next Tuesday', '2 PM'].map((text) =>
        lastValueFrom(chat.send(text)),
      ),
    );
    // Three paced frames later: any message written too early has arrived by now.
    await firstValueFrom(chat.turns$);
    expect(midTurn()).toEqual(none);
    expect((await answers).map((turn) => turn.text)).toEqual([
      'I can help with that. What date works for you?',
      'I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
      'Done - you are rescheduled for Tuesday at 2:00 PM.',
    ]);
    expect(midTurn()).toEqual(none);
  });

  it('holds a message sent during the greeting until the greeting is over', async () => {
    const chat = session({ url: server.url, greetingTimeoutMs: 200 });
    await firstValueFrom(chat.typing$.pipe(filter(Boolean)));
    const answer = await lastValueFrom(chat.send('Hi, I need to reschedule my appointment'));
    expect(answer.text).toBe('I can help with that. What date works for you?');
    expect({
      'messages the server saw arrive mid-turn': server
        .messages()
        .filter((message) => message.midTurn)
        .map((message) => message.text),
    }).toEqual({ 'messages the server saw arrive mid-turn': [] });
  });
});
