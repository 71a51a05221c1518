import { defaultTurnLimits } from '../../src/protocol/TurnLimits';
import type { ServerFrame } from '../../src/protocol/serverFrames';
import type { SessionEffect } from '../../src/session/machine/SessionEffect';
import type { SessionEvent, SessionHappening } from '../../src/session/machine/SessionEvent';
import {
  initialState,
  type OutgoingMessage,
  type SessionRules,
  type SessionState,
} from '../../src/session/machine/SessionState';
import { OwnedTransition, transition } from '../../src/session/machine/transition';

// The machine's rules one event at a time, on the pure function: the
// situations the session tests reach only through sockets and timers, and
// some they cannot reach at all (a hostile server's duplicate
// session_started, a timer that fires after its turn ended).

const rules: SessionRules = {
  messageShape: 'text',
  maxQueuedMessages: 10,
  turnLimits: defaultTurnLimits,
  greetingTimeoutMs: false,
  turnTimeoutMs: 60_000,
};

const message = (id: number, conversationId?: string): OutgoingMessage => ({
  id,
  text: `message ${id}`,
  clientMessageId: `client-${id}`,
  conversationId,
});

/** An event, stamped with when it happened or, in tests that do not look at time, 0. */
type Happening = SessionHappening & { readonly at?: number };
const stamped = (event: Happening): SessionEvent => ({ ...event, at: event.at ?? 0 });

const started = (conversationId = 'c1'): Happening => ({
  type: 'frame',
  frame: { type: 'session_started', session_id: 's', conversation_id: conversationId },
});
const frame = (frame: Record<string, unknown>): Happening => ({
  type: 'frame',
  frame: frame as unknown as ServerFrame,
});
const complete = (duplicate = false): Happening => frame({ type: 'response_complete', duplicate });
const lost: Happening = {
  type: 'socket-lost',
  reconnect: { attempt: 1, maxAttempts: 5, delayMs: 0, cause: new Error('drop') },
};

/** Runs `events` from `state`; returns the last state and the last event's effects. */
function run(
  state: SessionState,
  ...events: Happening[]
): { state: SessionState; effects: readonly SessionEffect[] } {
  let effects: readonly SessionEffect[] = [];
  for (const event of events) ({ state, effects } = transition(state, stamped(event)));
  return { state, effects };
}

/** A session on its first socket, started in `c1`, message 1 written and awaiting its answer. */
function awaiting(): SessionState {
  return run(initialState(rules), { type: 'socket-opened' }, started(), {
    type: 'send',
    message: message(1),
  }).state;
}

const kinds = (effects: readonly SessionEffect[]): string[] =>
  effects.map((effect) =>
    effect.type === 'arm' || effect.type === 'disarm'
      ? `${effect.type} ${effect.timer}`
      : effect.type,
  );

describe('transition', () => {
  it('never changes the state it was given, and returns a new one when anything changed', () => {
    const before = awaiting();
    const copy = structuredClone({ ...before, turn: undefined, rules: undefined });
    const { state } = run(before, frame({ type: 'typing' }), lost);
    expect(state).not.toBe(before);
    expect({ ...before, turn: undefined, rules: undefined }).toEqual(copy);
  });

  it('in its owned form updates one state in place, the same object throughout', () => {
    const owned = new OwnedTransition(initialState(rules));
    const state = owned.state;
    for (const event of [{ type: 'socket-opened' }, started(), frame({ type: 'typing' })] as const)
      owned.apply(stamped(event));
    expect(owned.state).toBe(state);
    expect(state).toMatchObject({ phase: 'ready', typing: true, conversationId: 'c1' });
  });

  it('counts the sockets that opened', () => {
    const { state } = run(initialState(rules), { type: 'socket-opened' }, lost, {
      type: 'socket-opened',
    });
    expect(state.socket).toBe(2);
  });

  it('refuses an unknown event with a TypeError that names it', () => {
    expect(() =>
      transition(initialState(rules), { type: 'bogus' } as unknown as SessionEvent),
    ).toThrow(new TypeError('unknown session event {"type":"bogus"}'));
  });

  it('binds a message to the conversation the session is in when it is written', () => {
    const { effects } = run(initialState(rules), { type: 'socket-opened' }, started('c1'), {
      type: 'send',
      message: message(1, 'stale'),
    });
    const write = effects.find((effect) => effect.type === 'write');
    expect(write?.type === 'write' && write.message?.message.conversationId).toBe('c1');
  });

  it('says why a message fails: session over, stopping, closed, ended, connection ended', () => {
    const failure = (effects: readonly SessionEffect[]): string | undefined => {
      const fail = effects.find((effect) => effect.type === 'fail');
      return fail?.type === 'fail' ? fail.error.message : undefined;
    };
    const closed = run(awaiting(), { type: 'close' });
    expect(failure(closed.effects)).toBe('the session was closed before this message was answered');
    expect(failure(run(closed.state, { type: 'send', message: message(2) }).effects)).toBe(
      'the session is over; nothing was sent',
    );
    expect(
      failure(run(awaiting(), { type: 'stop' }, { type: 'send', message: message(2) }).effects),
    ).toBe('the session is stopping; the message was not sent');
    expect(
      failure(run(awaiting(), frame({ type: 'session_ended', reason: 'completed' })).effects),
    ).toBe('the session ended (completed) before this message was answered');
    const ended = run(awaiting(), { type: 'transport-ended' }).effects;
    expect(failure(ended)).toBe('the connection ended');
    expect(ended.at(-1)).toMatchObject({ type: 'finish', outcome: { kind: 'failed' } });
  });

  it('does not resend on a second session_started on the same socket (a hostile duplicate)', () => {
    const { effects } = run(awaiting(), started());
    expect(kinds(effects)).not.toContain('write');
  });

  it('resumes with nothing in flight without writing anything', () => {
    const { effects } = run(
      initialState(rules),
      { type: 'socket-opened' },
      started(),
      lost,
      { type: 'socket-opened' },
      started(),
    );
    expect(kinds(effects)).toEqual(['frame', 'session', 'notice']);
  });

  it('takes a bare response_complete on the resumed socket for stray: a cut turn is never finished', () => {
    const { state, effects } = run(
      awaiting(),
      frame({ type: 'typing' }),
      lost,
      { type: 'socket-opened' },
      started(),
      complete(),
    );
    expect(effects).toEqual([
      { type: 'frame', frame: { type: 'response_complete', duplicate: false } },
      { type: 'notice', notice: { kind: 'stray-frame', frameType: 'response_complete' } },
    ]);
    expect(state.inFlight?.message.id).toBe(1);
  });

  it('takes a bare response_complete between turns for stray, message in flight or not', () => {
    for (const state of [
      awaiting(),
      run(initialState(rules), { type: 'socket-opened' }, started()).state,
    ]) {
      const { effects } = run(state, complete());
      expect(kinds(effects)).toEqual(['frame', 'notice']);
    }
  });

  // Found by a black-box review: a stray `duplicate: true` right after an
  // answer was taken for the next message's, and every queued answer after
  // it came one message late.
  it('takes a duplicate response_complete for stray unless the message in flight was resent', () => {
    const stray = run(awaiting(), complete(true));
    expect({ effects: kinds(stray.effects), inFlight: stray.state.inFlight?.message.id }).toEqual({
      effects: ['frame', 'notice'],
      inFlight: 1,
    });
    const resent = run(awaiting(), lost, { type: 'socket-opened' }, started());
    expect(kinds(run(resent.state, complete(true)).effects)).toEqual([
      'frame',
      'disarm turn',
      'answer',
      'turn',
    ]);
  });

  it('takes a duplicate response_complete with nothing in flight for stray: no message to answer', () => {
    const ready = run(initialState(rules), { type: 'socket-opened' }, started()).state;
    const { state, effects } = run(ready, complete(true));
    expect(kinds(effects)).toEqual(['frame', 'notice']);
    expect(state.turnIndex).toBe(0);
  });

  it('turns typing off at the answer’s message, before its completion', () => {
    const { effects } = run(
      awaiting(),
      frame({ type: 'typing' }),
      frame({ type: 'message', text: 'hi' }),
    );
    expect(effects).toContainEqual({ type: 'typing', typing: false });
  });

  it('keeps the deadline armed at the write: an answer’s first frame arms no timer', () => {
    const { effects } = run(awaiting(), frame({ type: 'typing' }));
    expect(kinds(effects)).toEqual(['frame', 'typing']);
  });

  it('arms the turn deadline for an unsolicited turn, and disarms no greeting wait it never had', () => {
    const ready = run(initialState(rules), { type: 'socket-opened' }, started()).state;
    expect(kinds(run(ready, frame({ type: 'typing' })).effects)).toEqual([
      'frame',
      'arm turn',
      'typing',
    ]);
  });

  it('disarms no greeting wait on a drop when none was armed', () => {
    expect(kinds(run(awaiting(), lost).effects)).toEqual(['notice', 'reconnecting']);
  });

  it('ignores a turn timer that fires after its turn ended', () => {
    const answered = run(awaiting(), frame({ type: 'message', text: 'hi' }), complete()).state;
    expect(run(answered, { type: 'timer', timer: 'turn' }).effects).toEqual([]);
  });

  it('times turns from the events’ `at` alone: the machine reads no clock', () => {
    const answered = run(
      initialState(rules),
      { type: 'socket-opened', at: 0 },
      { ...started(), at: 5 },
      { type: 'send', message: message(1), at: 7 },
      { ...frame({ type: 'typing' }), at: 20 },
      { ...frame({ type: 'message', text: 'hi' }), at: 30 },
      { ...lost, at: 35 },
      { type: 'socket-opened', at: 40 },
      { ...started(), at: 50 },
      { ...complete(true), at: 60 },
    );
    const turn = answered.effects.find((effect) => effect.type === 'turn');
    expect(turn?.type === 'turn' && { owner: turn.owner, timing: turn.turn.timing }).toEqual({
      owner: 1,
      timing: {
        sentAt: 7,
        firstFrameAt: 20,
        typingAt: 20,
        firstMessageAt: 30,
        completedAt: 60,
        resentAt: 50,
        reconnects: 1,
      },
    });
  });

  it('drops the socket at a turn deadline, saying why', () => {
    const { effects } = run(awaiting(), { type: 'timer', timer: 'turn' });
    expect(effects.at(-1)).toEqual({ type: 'abort', reason: 'turn deadline passed' });
  });
});
