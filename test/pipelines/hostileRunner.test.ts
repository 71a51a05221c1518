import {
  runConversations,
  type ConversationEvent,
  type RunConversationsOptions,
  type RunEvent,
  type TurnEvent,
} from '../../src/index';
import { fakeWebSockets } from '../../src/testing/FakeWebSocket';
import { frames } from '../../src/testing/frames';
import { virtualClock } from '../support/virtualClock';

// The runner against a server played frame by frame in virtual time, for
// what takes real seconds on a wire: rate-limit closes with their 5 s floor,
// 4409, a server that accepts and never starts the session.

function run(scripts: unknown[], options: Partial<RunConversationsOptions> = {}) {
  const clock = virtualClock();
  const { WebSocketCtor, sockets } = fakeWebSockets();
  const events: RunEvent[] = [];
  let completed = false;
  const subscription = runConversations(scripts, {
    url: 'wss://agent.test/agent/text-stream',
    WebSocketCtor,
    scheduler: clock.scheduler,
    random: () => 1,
    greetingTimeoutMs: false,
    reconnect: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 100 },
    ...options,
  }).subscribe({
    next: (event) => events.push(event),
    complete: () => (completed = true),
  });
  /** Opens socket `index` and starts its session (resuming, when asked to). */
  const start = (index: number, conversationId = 'conv_1') => {
    const socket = sockets[index];
    if (socket === undefined) throw new Error(`no socket ${index}`);
    socket.open();
    socket.receive(frames.sessionStarted(conversationId));
    return socket;
  };
  /** The user messages socket `index` was written, by text. */
  const written = (index: number) =>
    (sockets[index]?.sent ?? []).map(
      (frame) =>
        (frame as { text?: string; type?: string }).text ?? (frame as { type: string }).type,
    );
  return {
    clock,
    sockets,
    events,
    subscription,
    start,
    written,
    get completed() {
      return completed;
    },
    conversation: (id: string) =>
      events.find(
        (event): event is ConversationEvent => event.type === 'conversation' && event.id === id,
      ),
    turns: (id: string) =>
      events.filter((event): event is TurnEvent => event.type === 'turn' && event.id === id),
  };
}

const answer = (text: string) => [frames.typing(), frames.message(text), frames.responseComplete()];

describe('the runner against rate limits and refusals, in virtual time', () => {
  it.each([4029, 1013])(
    'a %i close mid-turn waits at least 5 s, resumes, resends: one turn, latency across the wait',
    (code) => {
      const r = run([{ id: 'c', turns: ['hello'] }]);
      r.clock.advance(1);
      r.start(0);
      expect(r.written(0)).toEqual(['hello']);
      r.clock.advance(10);
      r.sockets[0]?.serverClose(code);
      // The backoff alone would be 100 ms: the rate-limit floor holds it to 5 s.
      r.clock.advance(4999);
      expect(r.sockets).toHaveLength(1);
      r.clock.advance(1);
      expect(r.sockets).toHaveLength(2);
      expect(r.sockets[1]?.param('conversation_id')).toBe('conv_1');
      r.start(1);
      expect(r.written(1)).toEqual(['hello']);
      r.clock.advance(20);
      for (const frame of answer('hi there')) r.sockets[1]?.receive(frame);
      // Ended with a stop; the server says so and closes.
      r.sockets[1]?.receive(frames.sessionEnded('stopped'));
      r.sockets[1]?.serverClose(1000);
      expect(r.completed).toBe(true);
      const [turn] = r.turns('c');
      expect(turn).toMatchObject({
        index: 0,
        text: 'hi there',
        ok: true,
        latencyMs: 5030,
        timing: { sentAt: 1, resentAt: 5011, completedAt: 5031, reconnects: 1 },
      });
      expect(r.conversation('c')).toMatchObject({ ok: true, turns: 1, reconnects: 1 });
    },
  );

  it('4409 on a first connect is terminal: closed, no retry', () => {
    const r = run([{ id: 'c', turns: ['hello'] }]);
    r.clock.advance(1);
    r.sockets[0]?.open();
    r.sockets[0]?.serverClose(4409);
    r.clock.advance(60_000);
    expect(r.sockets).toHaveLength(1);
    expect(r.conversation('c')).toMatchObject({
      ok: false,
      error: { reason: 'closed', code: 4409, retryable: false },
    });
  });

  it('4409 on a resume is retried (the server has not yet seen our dead socket)', () => {
    const r = run([{ id: 'c', turns: ['hello'] }]);
    r.clock.advance(1);
    r.start(0);
    r.sockets[0]?.serverClose(1006);
    r.clock.advance(100);
    r.sockets[1]?.open();
    r.sockets[1]?.serverClose(4409);
    r.clock.advance(100);
    expect(r.sockets).toHaveLength(3);
    r.start(2);
    for (const frame of answer('hi')) r.sockets[2]?.receive(frame);
    r.sockets[2]?.receive(frames.sessionEnded('stopped'));
    r.sockets[2]?.serverClose(1000);
    expect(r.conversation('c')).toMatchObject({ ok: true, turns: 1, reconnects: 2 });
    expect(r.turns('c')[0]?.timing.reconnects).toBe(1);
  });

  it('a server that accepts and never sends session_started: connect failure after the handshake timeouts, the others go on', () => {
    const r = run(
      [
        { id: 'mute', turns: ['hello'] },
        { id: 'fine', turns: ['hello'] },
      ],
      { concurrency: 2, handshakeTimeoutMs: 1000 },
    );
    r.clock.advance(1);
    r.sockets[0]?.open();
    r.start(1);
    for (const frame of answer('hi')) r.sockets[1]?.receive(frame);
    r.sockets[1]?.receive(frames.sessionEnded('stopped'));
    r.sockets[1]?.serverClose(1000);
    expect(r.conversation('fine')).toMatchObject({ ok: true });
    // Every later attempt is accepted and left mute too.
    for (let i = 0; i < 10 && !r.completed; i += 1) {
      r.clock.advance(1100);
      for (const socket of r.sockets) if (socket.readyState === 0) socket.open();
    }
    expect(r.completed).toBe(true);
    expect(r.conversation('mute')).toMatchObject({
      ok: false,
      turns: 0,
      error: { reason: 'connect', retryable: true },
    });
    // One first attempt and three retries, each closed by the client.
    expect(r.sockets.filter((socket) => socket !== r.sockets[1])).toHaveLength(4);
    expect(r.sockets.every((socket) => socket.readyState === 3)).toBe(true);
  });

  it('greets: false against an agent that greets: the shifted answers are caught, not passed', () => {
    const r = run([{ id: 'c', greets: false, turns: ['a', 'b'] }]);
    r.clock.advance(1);
    r.start(0);
    // No wait for a greeting: the first message goes out with session_started.
    expect(r.written(0)).toEqual(['a']);
    // The greeting comes anyway, and the session takes it for a's answer.
    for (const frame of answer('Hello!')) r.sockets[0]?.receive(frame);
    expect(r.written(0)).toEqual(['a', 'b']);
    // The answer to a, taken for b's; the script is done and asks to stop.
    for (const frame of answer('echo: a')) r.sockets[0]?.receive(frame);
    expect(r.written(0)).toEqual(['a', 'b', 'stop']);
    expect(r.turns('c').map((turn) => [turn.index, turn.text])).toEqual([
      [0, 'Hello!'],
      [1, 'echo: a'],
    ]);
    // b's answer comes when no message awaits one: a turn nobody asked for.
    for (const frame of answer('echo: b')) r.sockets[0]?.receive(frame);
    expect(r.turns('c')[2]).toMatchObject({
      index: -1,
      sent: null,
      text: 'echo: b',
      latencyMs: null,
      ok: false,
      unmet: ['expected no greeting'],
    });
    expect(r.conversation('c')).toMatchObject({
      ok: false,
      turns: 2,
      error: { reason: 'expectation', retryable: false, turn: -1, unmet: ['expected no greeting'] },
    });
    expect(r.conversation('c')?.error?.message).toMatch(
      /^the agent greeted, but the script says greets: false/,
    );
    expect(r.completed).toBe(true);
    expect(r.sockets[0]?.readyState).toBe(3);
  });

  it('greets: false against an agent that does not greet: no unsolicited turn, a pass', () => {
    const r = run([{ id: 'c', greets: false, turns: ['a'] }]);
    r.clock.advance(1);
    r.start(0);
    for (const frame of answer('echo: a')) r.sockets[0]?.receive(frame);
    r.sockets[0]?.receive(frames.sessionEnded('stopped'));
    r.sockets[0]?.serverClose(1000);
    expect(r.turns('c')).toHaveLength(1);
    expect(r.conversation('c')).toMatchObject({ ok: true, turns: 1 });
  });

  it('a 50 KB error frame: whole in the turn event, clipped in unmet and the failure message', () => {
    const huge = 'e'.repeat(50_000);
    const r = run([{ id: 'c', turns: ['a'] }]);
    r.clock.advance(1);
    r.start(0);
    for (const frame of [frames.typing(), frames.error(huge), frames.responseComplete()])
      r.sockets[0]?.receive(frame);
    expect(r.turns('c')[0]?.errors).toEqual([huge]);
    const error = r.conversation('c')?.error;
    expect(error).toMatchObject({ reason: 'expectation', turn: 0 });
    expect(error?.unmet?.[0]).toMatch(/^error frame: e+…\(49813 more\)$/);
    expect(error?.message).toMatch(/^turn 0: error frame: e+…\(\d+ more\)$/);
    expect(error?.message.length).toBeLessThan(220);
  });

  it('tells a tool call that never completed from one that failed, by status', () => {
    const r = run([{ id: 'c', turns: [{ text: 'a', expect: { toolCalls: ['book'] } }] }]);
    r.clock.advance(1);
    r.start(0);
    for (const frame of [
      frames.typing(),
      frames.toolCallStarted('lookup', 'tc_1', {}),
      frames.toolCallCompleted('lookup', 'tc_1', 'no such order', false),
      frames.toolCallCompleted('audit', 'tc_2', 'ok'),
      frames.toolCallStarted('book', 'tc_3', {}),
      frames.message('booking...'),
      frames.responseComplete(),
    ])
      r.sockets[0]?.receive(frame);
    expect(r.turns('c')[0]?.toolCalls).toEqual([
      { name: 'lookup', succeeded: false, status: 'completed' },
      { name: 'audit', succeeded: true, status: 'orphaned' },
      { name: 'book', succeeded: false, status: 'incomplete' },
    ]);
  });
});
