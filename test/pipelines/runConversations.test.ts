import type { Subscription } from 'rxjs';
import {
  runConversations,
  type ConversationEvent,
  type ConversationScript,
  type RunConversationsOptions,
  type RunEvent,
  type SummaryEvent,
  type TurnEvent,
} from '../../src/index';
import { fakeAgent, type FakeAgentOptions } from '../support/fakeAgent';
import { virtualClock } from '../support/virtualClock';

/** Runs `scripts` against the fake agent in virtual time; `advance` moves the clock. */
function run(
  scripts: Iterable<unknown> | AsyncIterable<unknown>,
  options: Partial<RunConversationsOptions> = {},
  agentOptions: FakeAgentOptions = {},
) {
  const clock = virtualClock();
  const agent = fakeAgent(clock.scheduler, agentOptions);
  const events: RunEvent[] = [];
  let completed = false;
  let failed: unknown;
  const subscription: Subscription = runConversations(scripts, {
    url: 'wss://agent.test/agent/text-stream',
    WebSocketCtor: agent.WebSocketCtor,
    scheduler: clock.scheduler,
    random: () => 0,
    greetingTimeoutMs: false,
    ...options,
  }).subscribe({
    next: (event) => events.push(event),
    error: (error: unknown) => (failed = error),
    complete: () => (completed = true),
  });
  return {
    clock,
    agent,
    events,
    subscription,
    get completed() {
      return completed;
    },
    get failed() {
      return failed;
    },
    conversation: (id: string) =>
      events.find(
        (event): event is ConversationEvent => event.type === 'conversation' && event.id === id,
      ),
    turns: (id: string) =>
      events.filter((event): event is TurnEvent => event.type === 'turn' && event.id === id),
    summary: () => events.find((event): event is SummaryEvent => event.type === 'summary'),
  };
}

describe('runConversations in virtual time', () => {
  it('answers each turn in order, with its timing, then the conversation, then the summary', () => {
    const r = run([{ id: 'c1', turns: ['hello wait:30', { text: 'again wait:5' }] }]);
    r.clock.advance(1000);
    expect(r.completed).toBe(true);
    expect(r.events.map((event) => event.type)).toEqual([
      'turn',
      'turn',
      'conversation',
      'summary',
    ]);
    const [first, second] = r.turns('c1');
    // Opened at 1, the first message written at once (no greeting wait), answered 30 later.
    expect(first).toMatchObject({
      index: 0,
      sent: 'hello wait:30',
      text: 'echo: hello wait:30',
      latencyMs: 30,
      ok: true,
      // The fake agent types at once and answers after `wait`.
      timing: {
        sentAt: 1,
        firstFrameAt: 1,
        typingAt: 1,
        firstMessageAt: 31,
        completedAt: 31,
        resentAt: undefined,
        reconnects: 0,
      },
    });
    expect(second).toMatchObject({
      index: 1,
      latencyMs: 5,
      timing: { sentAt: 31, completedAt: 36 },
    });
    // Stopped: the agent's session_ended comes 1 ms after the stop.
    expect(r.conversation('c1')).toEqual({
      type: 'conversation',
      id: 'c1',
      ok: true,
      turns: 2,
      latenciesMs: [30, 5],
      reconnects: 0,
      conversationId: 'conv_1',
      startedAt: 0,
      endedAt: 37,
    });
    expect(r.summary()).toEqual({
      type: 'summary',
      conversations: 1,
      ok: 1,
      failed: 0,
      failures: {
        closed: 0,
        connect: 0,
        'turn-timeout': 0,
        expectation: 0,
        'ended-early': 0,
        error: 0,
      },
      turns: 2,
      latencyMs: { p50: 5, p95: 30, p99: 30, max: 30 },
      reconnects: 0,
      elapsedMs: 37,
    });
    expect(r.agent.sockets[0]?.sent).toContainEqual({ type: 'stop' });
  });

  it('isolates failures: each is reported with its reason and the others go on', () => {
    const r = run(
      [
        { id: 'ok', turns: ['one', 'two wait:50'] },
        { id: 'forbidden', turns: ['one', 'close:4403', 'never sent'] },
        { id: 'slow', turns: ['silent'] },
        {
          id: 'unmet',
          turns: [{ text: 'one', expect: { toolCalls: ['check_availability'] } }, 'x'],
        },
        { id: 'early', turns: ['one end', 'two'] },
        { id: 'erring', turns: ['one error'] },
      ],
      { concurrency: 6, turnTimeoutMs: 500 },
    );
    r.clock.advance(2000);
    expect(r.completed).toBe(true);
    expect(r.conversation('ok')).toMatchObject({ ok: true, turns: 2 });
    expect(r.conversation('forbidden')).toMatchObject({
      ok: false,
      turns: 1,
      error: { reason: 'closed', code: 4403, retryable: false, turn: 1 },
    });
    expect(r.conversation('slow')).toMatchObject({
      ok: false,
      turns: 0,
      error: { reason: 'turn-timeout', retryable: true, turn: 0 },
    });
    expect(r.conversation('unmet')).toMatchObject({
      ok: false,
      turns: 1,
      error: {
        reason: 'expectation',
        retryable: false,
        turn: 0,
        unmet: ['expected a call to check_availability, got none'],
      },
    });
    expect(r.conversation('early')).toMatchObject({
      ok: false,
      turns: 1,
      error: { reason: 'ended-early', endReason: 'completed', retryable: false, turn: 1 },
    });
    expect(r.conversation('erring')).toMatchObject({
      ok: false,
      error: { reason: 'expectation', unmet: ['error frame: something failed'] },
    });
    // An unmet expectation ends the conversation: its next turn is never sent.
    const unmetSocket = r.agent.sockets[3];
    expect(unmetSocket?.sent).toEqual([expect.objectContaining({ text: 'one' })]);
    expect(r.summary()).toMatchObject({
      conversations: 6,
      ok: 1,
      failed: 5,
      failures: {
        closed: 1,
        'turn-timeout': 1,
        expectation: 2,
        'ended-early': 1,
        connect: 0,
        error: 0,
      },
    });
    expect(r.agent.open).toBe(0);
  });

  it('meets expectations on tools and text', () => {
    const r = run([
      {
        id: 'c',
        turns: [
          {
            text: 'book tool:check_availability',
            expect: { toolCalls: ['check_availability'], text: '^echo: book' },
          },
          { text: 'plain', expect: { noToolCalls: true, textNot: 'sorry' } },
          { text: 'oops error', expect: { noErrors: false } },
        ],
      },
    ]);
    r.clock.advance(1000);
    expect(r.turns('c').map((turn) => [turn.ok, turn.toolCalls])).toEqual([
      [true, [{ name: 'check_availability', succeeded: true, status: 'completed' }]],
      [true, []],
      [true, []],
    ]);
    expect(r.conversation('c')?.ok).toBe(true);
  });

  it('reports the greeting as turn -1, and fails a script whose promised greeting never comes', () => {
    const greeted = run([{ id: 'g', greets: true, turns: ['hi'] }], {}, { greetAfterMs: 20 });
    greeted.clock.advance(1000);
    expect(
      greeted.turns('g').map((turn) => [turn.index, turn.sent, turn.text, turn.latencyMs]),
    ).toEqual([
      [-1, null, 'Hello! How can I help?', null],
      [0, 'hi', 'echo: hi', 10],
    ]);
    // Waited for the greeting (at 21), not for the greeting timeout.
    expect(greeted.turns('g')[1]?.timing.sentAt).toBe(21);
    expect(greeted.conversation('g')?.ok).toBe(true);

    const silent = run([{ id: 'g', greets: true, turns: ['hi'] }], { greetingTimeoutMs: 100 });
    silent.clock.advance(1000);
    expect(silent.conversation('g')).toMatchObject({
      ok: false,
      error: { reason: 'expectation', turn: -1, unmet: ['expected a greeting'] },
    });
  });

  it('reports an unreachable agent as connect, retryable, once the reconnect budget is spent', () => {
    const r = run(
      [{ id: 'c', turns: ['hi'] }],
      { reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10 } },
      { reject: 1013 },
    );
    // 1013 asks for a wait of at least the rate-limit floor (5 s) before each attempt.
    r.clock.advance(20_000);
    expect(r.conversation('c')).toMatchObject({
      ok: false,
      turns: 0,
      error: { reason: 'connect', retryable: true, code: 1013 },
    });
    expect(r.conversation('c')?.reconnects).toBe(2);
    expect(r.summary()?.reconnects).toBe(2);
  });

  it('closes every socket at once when unsubscribed, and emits nothing more', () => {
    const scripts = Array.from({ length: 10 }, (_, i) => ({
      id: `c${i}`,
      turns: ['a wait:100', 'b'],
    }));
    const r = run(scripts, { concurrency: 4 });
    r.clock.advance(50);
    expect(r.agent.open).toBe(4);
    r.subscription.unsubscribe();
    expect(r.agent.open).toBe(0);
    expect(r.agent.sockets.map((socket) => socket.closedByClient)).toEqual([
      1000, 1000, 1000, 1000,
    ]);
    const seen = r.events.length;
    r.clock.advance(1000);
    expect(r.events.length).toBe(seen);
    expect(r.agent.sockets).toHaveLength(4);
  });

  it('never opens more than `concurrency` sessions, and reads scripts only as slots free up', () => {
    let read = 0;
    function* endless(): Generator<ConversationScript> {
      for (let i = 0; ; i += 1) {
        read += 1;
        yield { id: `c${i}`, turns: [`hi wait:${(i % 7) * 5}`] };
      }
    }
    const r = run(endless(), { concurrency: 3 });
    for (let step = 0; step < 100; step += 1) {
      r.clock.advance(7);
      const finished = r.events.filter((event) => event.type === 'conversation').length;
      expect(r.agent.open).toBeLessThanOrEqual(3);
      expect(read).toBeLessThanOrEqual(finished + 3);
    }
    expect(r.agent.maxOpen).toBe(3);
    r.subscription.unsubscribe();
    expect(r.events.filter((event) => event.type === 'conversation').length).toBeGreaterThan(20);
  });

  it('errors with a ScriptError naming the bad field, closing the sessions in flight', () => {
    const r = run(
      [
        { id: 'a', turns: ['wait:100'] },
        { id: 'b', turns: [{ text: 3 }] },
      ],
      {
        concurrency: 2,
      },
    );
    expect(r.failed).toMatchObject({ name: 'ScriptError', path: 'turns.0.text' });
    expect(r.agent.open).toBe(0);
  });

  it('throws a TypeError for a bad concurrency or option before anything runs', () => {
    expect(() => runConversations([], { url: 'ws://x', concurrency: 0 })).toThrow(TypeError);
    expect(() => runConversations([], { url: 'ws://x', concurrency: 1.5 })).toThrow(
      /positive whole number/,
    );
    expect(() => runConversations([], { url: 'ws://x', end: 'later' as never })).toThrow(TypeError);
  });

  it('errors the run with the TypeError of an option only connect checks', () => {
    const r = run([{ id: 'a', turns: ['hi'] }], { url: 'nope' });
    expect(r.failed).toBeInstanceOf(TypeError);
  });
});
