import { lastValueFrom, toArray } from 'rxjs';
import {
  runConversations,
  type ConversationEvent,
  type RunConversationsOptions,
  type RunEvent,
  type SummaryEvent,
  type TurnEvent,
} from '../../src/index';
import { startReferenceServer, type StartReferenceServerOptions } from '../../src/server/ws';

const reschedule = {
  id: 'reschedule',
  greets: true,
  turns: [
    { text: 'Hi, I need to reschedule my appointment', expect: { noToolCalls: true } },
    { text: 'Next Tuesday', expect: { toolCalls: ['check_availability'], text: '9:00 AM' } },
    { text: '2pm works', expect: { toolCalls: ['book_appointment'], text: '^Done' } },
  ],
};

async function runAgainst(
  serverOptions: StartReferenceServerOptions,
  scripts: unknown[],
  options: Partial<RunConversationsOptions> = {},
  faults: Parameters<Awaited<ReturnType<typeof startReferenceServer>>['inject']> = [],
) {
  await using server = await startReferenceServer({ pingIntervalMs: false, ...serverOptions });
  server.inject(...faults);
  const events = await lastValueFrom(
    runConversations(scripts, {
      url: server.url,
      greetingTimeoutMs: 2000,
      reconnect: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 5 },
      ...options,
    }).pipe(toArray()),
  );
  return { events };
}

const conversations = (events: RunEvent[]) =>
  events.filter((event): event is ConversationEvent => event.type === 'conversation');

describe('runConversations over real sockets', () => {
  it('runs the reference agent’s reschedule conversation, greeting first, many at once', async () => {
    const scripts = Array.from({ length: 20 }, (_, i) => ({ ...reschedule, id: `r${i}` }));
    const { events } = await runAgainst({}, scripts, { concurrency: 8 });
    const turns = events.filter(
      (event): event is TurnEvent => event.type === 'turn' && event.id === 'r3',
    );
    expect(turns.map((turn) => [turn.index, turn.ok])).toEqual([
      [-1, true],
      [0, true],
      [1, true],
      [2, true],
    ]);
    expect(turns[2]?.toolCalls).toEqual([
      { name: 'check_availability', succeeded: true, status: 'completed' },
    ]);
    for (const turn of turns.slice(1)) {
      expect(turn.latencyMs).toBeGreaterThanOrEqual(0);
      expect(turn.latencyMs).toBe(
        (turn.timing.completedAt as number) - (turn.timing.sentAt as number),
      );
    }
    expect(conversations(events).every((event) => event.ok && event.turns === 3)).toBe(true);
    const summary = events.at(-1) as SummaryEvent;
    expect(summary).toMatchObject({
      type: 'summary',
      conversations: 20,
      ok: 20,
      failed: 0,
      turns: 60,
    });
    expect(summary.latencyMs.p50).toEqual(expect.any(Number));
  });

  it('reports conversations a server ends with a terminal close, and goes on with the others', async () => {
    const { events } = await runAgainst(
      {},
      [
        { id: 'fine', turns: ['hello'] },
        { id: 'forbidden', turns: ['hello'] },
        { id: 'cut', turns: ['hello', 'again'] },
        { id: 'after', turns: ['hello'] },
      ],
      { concurrency: 1 },
      [
        // 'fine' gets a fault that never fires: faults go to connections in order.
        { kind: 'drop', afterFrames: 1000 },
        { kind: 'reject', code: 4403 },
        // session_started, the greeting's 3 frames, typing, message, response_complete: then 4403.
        { kind: 'drop', afterFrames: 7, code: 4403 },
      ],
    );
    const byId = Object.fromEntries(conversations(events).map((event) => [event.id, event]));
    expect(byId.forbidden).toMatchObject({
      ok: false,
      error: { reason: 'closed', code: 4403, retryable: false },
    });
    expect(byId.cut).toMatchObject({
      ok: false,
      turns: 1,
      error: { reason: 'closed', code: 4403, retryable: false, turn: 1 },
    });
    expect(byId.after).toMatchObject({ ok: true, turns: 1 });
    expect(events.at(-1)).toMatchObject({ failed: 2, failures: { closed: 2 } });
  });

  it('runs against a server that never greets: greets false sends at once, greets true fails', async () => {
    const { events } = await runAgainst(
      { greet: false },
      [
        { id: 'plain', greets: false, turns: ['hello'] },
        { id: 'promised', greets: true, turns: ['hello'] },
      ],
      { greetingTimeoutMs: 200 },
    );
    const byId = Object.fromEntries(conversations(events).map((event) => [event.id, event]));
    expect(byId.plain).toMatchObject({ ok: true, turns: 1 });
    expect(byId.promised).toMatchObject({
      ok: false,
      turns: 0,
      error: { reason: 'expectation', turn: -1, unmet: ['expected a greeting'] },
    });
  });

  it('fails greets: false against a server that greets, instead of passing on shifted answers', async () => {
    const { events } = await runAgainst({}, [
      { id: 'shifted', greets: false, turns: ['hello', 'hello again'] },
    ]);
    const [event] = conversations(events);
    expect(event).toMatchObject({
      ok: false,
      error: { reason: 'expectation', turn: -1, unmet: ['expected no greeting'] },
    });
    expect(event?.error?.message).toMatch(/the agent greeted, but the script says greets: false/);
    // The greeting was taken for the first answer; the last answer came unasked.
    const turns = events.filter((e): e is TurnEvent => e.type === 'turn');
    expect(turns.map((turn) => turn.index)).toEqual([0, 1, -1]);
    expect(turns[0]?.text).toMatch(/^Hello!/);
    expect(turns[2]?.text).toContain('hello again');
  });

  it('reports an unreachable agent as connect, retryable', async () => {
    const server = await startReferenceServer({ pingIntervalMs: false });
    const url = server.url;
    await server.close();
    const events = await lastValueFrom(
      runConversations([{ id: 'nobody', turns: ['hello'] }], {
        url,
        reconnect: { maxAttempts: 1, initialDelayMs: 5, maxDelayMs: 5 },
      }).pipe(toArray()),
    );
    expect(conversations(events)[0]).toMatchObject({
      ok: false,
      error: { reason: 'connect', retryable: true },
    });
  });
});
