// Model-based test of the session's state machine (issue 10, item 4).
//
// The REAL machine (`transition`) is driven against a small in-process model
// of the live platform's server, in virtual time. The harness plays the
// socket: the machine's `write`s reach the server model after a latency, the
// server's frames come back as `frame` events, `abort` drops the socket and a
// new one opens later, and the machine's timers fire when the virtual clock
// passes their due time. fast-check generates the scenario (how each socket
// behaves) and the commands (user calls, time, drops, stray frames, ends); the
// guarantees of docs/session.md are checked on every step and at the end of
// every run, where the server turns healthy and time runs until nothing is
// left to happen.
import * as fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import type { ClientFrame } from '../../src/protocol/clientFrames';
import type { ServerFrame } from '../../src/protocol/serverFrames';
import type { Turn } from '../../src/protocol/Turn';
import type { SessionEffect } from '../../src/session/machine/SessionEffect';
import type {
  SessionEvent,
  SessionHappening,
  SessionTimer,
} from '../../src/session/machine/SessionEvent';
import {
  initialState,
  type SessionRules,
  type SessionState,
} from '../../src/session/machine/SessionState';
import { OwnedTransition, transition } from '../../src/session/machine/transition';
import { defaultTurnLimits } from '../../src/protocol/TurnLimits';
import { frames } from '../../src/testing/frames';

export const RULES: SessionRules = {
  messageShape: 'text',
  maxQueuedMessages: 6,
  greetingTimeoutMs: 1000,
  turnTimeoutMs: 4000,
  turnLimits: defaultTurnLimits,
};
const TURN_MS = 4000;
const GREETING_MS = 1000;
const MAX_LATENCY_MS = 40;
const MAX_RECONNECT_MS = 2000;
/** A frame of an answer or greeting follows the previous one after at most this. */
const MAX_PACE_MS = 300;
const GREETING_FRAMES = 3;

// ---------------------------------------------------------------- scenario

/** How the server answers a message. */
export type AnswerPlan =
  | 'normal' // typing, message, response_complete
  | 'with-error' // typing, error, message, response_complete
  | 'error-only' // typing, error; never completes
  | 'stall' // typing, then pings; never completes
  | 'slow'; // a normal answer whose response_complete comes after the turn deadline

/** How a new conversation greets: not at all, within the greeting window, or after it. */
export type GreetingPlan =
  { readonly kind: 'none' } | { readonly kind: 'fast' | 'slow'; readonly delayMs: number };

/** How the server treats one socket (the nth plan serves the nth socket, cycling). */
export interface ConnectionPlan {
  readonly greeting: GreetingPlan;
  /** A resume of a known conversation lands in a new one instead. */
  readonly switchConversation: boolean;
  /** How long after this socket drops the next one opens. */
  readonly reconnectDelayMs: number;
}

export interface Scenario {
  /** The conversation the session asks for first: none, one the server knows, one it does not. */
  readonly initial: 'new' | 'known' | 'unknown';
  /** One-way latency, the same for every frame (so each direction is FIFO). */
  readonly latencyMs: number;
  readonly connections: readonly ConnectionPlan[];
  /** How the run ends after its commands; then time runs until everything settles. */
  readonly ending: 'drain' | 'close' | 'stop' | 'server-end' | 'terminal';
}

export interface ModelOptions {
  /** Let new conversations greet after the greeting window too. */
  readonly lateGreetings: boolean;
  /** Check attribution and nothing-mid-turn (false: record them as coverage only). */
  readonly strict: boolean;
}

const greetingPlan = (late: boolean): fc.Arbitrary<GreetingPlan> =>
  fc.oneof(
    fc.constant<GreetingPlan>({ kind: 'none' }),
    fc
      .integer({ min: 0, max: GREETING_MS - 100 })
      .map((delayMs): GreetingPlan => ({ kind: 'fast', delayMs })),
    ...(late
      ? [
          fc
            .integer({ min: GREETING_MS + 1, max: 3 * GREETING_MS })
            .map((delayMs): GreetingPlan => ({ kind: 'slow', delayMs })),
        ]
      : []),
  );

export const scenarioArb = (options: ModelOptions): fc.Arbitrary<Scenario> =>
  fc.record({
    initial: fc.constantFrom('new', 'new', 'known', 'unknown'),
    latencyMs: fc.integer({ min: 0, max: MAX_LATENCY_MS }),
    connections: fc.array(
      fc.record({
        greeting: greetingPlan(options.lateGreetings),
        switchConversation: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        reconnectDelayMs: fc.integer({ min: 0, max: MAX_RECONNECT_MS }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    ending: fc.constantFrom(
      'drain',
      'drain',
      'drain',
      'drain',
      'close',
      'stop',
      'server-end',
      'terminal',
    ),
  });

// ------------------------------------------------------------ server model

type AnswerStatus = 'pending' | 'cut' | 'full';

/** A conversation as the server keeps it: which client_message_ids it answered, and how far. */
interface Conversation {
  readonly id: string;
  readonly answers: Map<string, { status: AnswerStatus; socket: number }>;
}

/** A turn the server owes on a socket: from the message's arrival (or the greeting's) to its response_complete. */
interface OwedTurn {
  readonly kind: 'greeting' | 'answer';
  written: number;
}

/** One socket as both ends see it. */
interface Socket {
  readonly id: number;
  readonly conversation: Conversation;
  /** The server still writes to and reads from it. */
  serverOpen: boolean;
  /** The client still has it (its close has not reached the client yet). */
  clientOpen: boolean;
  /** The session_started frame reached the client. */
  started: boolean;
  /** Turns the server is writing or has promised: a user message arriving now arrives mid-turn. */
  readonly owed: Set<OwedTurn>;
  /** When the server's agent is free for its next turn (it writes one turn at a time). */
  freeAt: number;
  inTransit: number;
  /** The type of the last frame the server wrote, pings aside. */
  last: ServerFrame['type'] | undefined;
}

interface SendRecord {
  readonly id: number;
  readonly text: string;
  readonly clientMessageId: string;
  /** The conversation the session was in when send() was called (undefined: a new one). */
  readonly conversation: string | undefined;
  readonly plan: AnswerPlan;
  readonly pace: number;
  settled: number;
  readonly writtenOn: number[];
  /** When each write of it happened, on the virtual clock. */
  readonly writtenAt: number[];
}

export class Violation extends Error {
  override readonly name = 'Violation';
}

interface TimelineEvent {
  readonly due: number;
  readonly seq: number;
  readonly run: () => void;
}

/** The harness: the machine, the server model, the socket between them and a virtual clock. */
export class World {
  now = 0;
  state: SessionState;
  /** The session's in-place machine, fed the same events: it must agree with `transition` at every step. */
  readonly #owned: OwnedTransition;
  readonly tags = new Set<string>();
  /** What happened, for a failing run's report. */
  readonly log: string[] = [];
  /** Attribution or mid-turn failures seen in a non-strict run. */
  readonly unguarded: string[] = [];

  #seq = 0;
  #events: TimelineEvent[] = [];
  readonly #timers = new Map<SessionTimer, { due: number; seq: number }>();
  readonly #pending: SessionEvent[] = [];
  #dispatching = false;
  #finished = false;

  #socket: Socket | undefined;
  #sockets = 0;
  readonly #conversations = new Map<string, Conversation>();
  #conversationCount = 0;
  /** The conversation the transport resumes: the latest session_started, else the one asked for. */
  #resumeId: string | undefined;
  /** The conversation the session is in, as the client last heard. */
  #sessionConversation: string | undefined;
  #firstConversation: string | undefined;

  readonly #sends = new Map<number, SendRecord>();
  #nextId = 0;
  #writes = 0;
  #lastAnswered = 0;
  readonly #answeredTurns = new Set<number>();
  #draining = false;
  #lastProgress = 0;

  constructor(
    readonly scenario: Scenario,
    readonly options: ModelOptions,
  ) {
    let asked: string | undefined;
    if (scenario.initial === 'known') {
      asked = 'c0';
      this.#conversations.set(asked, { id: asked, answers: new Map() });
    } else if (scenario.initial === 'unknown') {
      asked = 'c-unknown';
    }
    this.#resumeId = this.#sessionConversation = asked;
    this.state = initialState(RULES, asked);
    this.#owned = new OwnedTransition(this.state);
    this.#openSocket();
  }

  // ---------------------------------------------------- commands

  send(plan: AnswerPlan, pace: number): void {
    const id = (this.#nextId += 1);
    const record: SendRecord = {
      id,
      text: `m${id}`,
      clientMessageId: `cm${id}`,
      conversation: this.#sessionConversation,
      plan,
      pace,
      settled: 0,
      writtenOn: [],
      writtenAt: [],
    };
    this.#sends.set(id, record);
    this.#dispatch({
      type: 'send',
      message: {
        id,
        text: record.text,
        clientMessageId: record.clientMessageId,
        conversationId: undefined,
      },
    });
  }

  stop(): void {
    this.tags.add('user-stop');
    this.#dispatch({ type: 'stop' });
  }

  close(): void {
    this.tags.add('user-close');
    this.#dispatch({ type: 'close' });
  }

  advance(ms: number): void {
    const target = this.now + ms;
    for (let next = this.#next(target); next !== undefined; next = this.#next(target)) {
      this.now = next.due;
      next.run();
    }
    this.now = target;
  }

  /** Runs the next `count` things due (frame writes, deliveries, timers), whenever they are: drops land at every point of a turn. */
  steps(count: number): void {
    for (let done = 0; done < count; done += 1) {
      const next = this.#next(Infinity);
      if (next === undefined) return;
      this.now = next.due;
      next.run();
    }
  }

  /** The connection drops (both ends see it now); the transport reconnects later. */
  drop(): void {
    const socket = this.#socket;
    if (socket === undefined || !socket.clientOpen || this.#finished) return;
    this.tags.add(`drop:${this.#dropPoint(socket)}`);
    this.#lose(socket, 'dropped');
  }

  /** A frame that belongs to no turn, written while the server's agent is idle. */
  stray(kind: 'error' | 'typing' | 'response_complete' | 'ping'): void {
    const socket = this.#socket;
    if (socket === undefined || !socket.serverOpen || !socket.started) return;
    if (kind !== 'ping' && (socket.owed.size > 0 || socket.freeAt > this.now)) return;
    // A stray error or typing and then a stray response_complete look exactly
    // like the answer to a message that crosses them on the wire: no client
    // can tell them apart, so the model never sends that pair.
    if (
      kind === 'response_complete' &&
      socket.last !== 'session_started' &&
      socket.last !== 'response_complete'
    )
      return;
    this.tags.add(`stray:${kind}`);
    this.log.push(`${this.now} server ${socket.id} writes a stray ${kind}`);
    const frame =
      kind === 'error'
        ? frames.error('stray error')
        : kind === 'typing'
          ? frames.typing()
          : kind === 'ping'
            ? frames.ping()
            : frames.responseComplete();
    this.#serverWrite(socket, frame, this.now);
  }

  /** The server ends the session: session_ended, then a normal close. */
  serverEnd(reason = 'completed'): void {
    const socket = this.#socket;
    if (socket === undefined || !socket.serverOpen) return;
    this.tags.add(reason === 'stopped' ? 'session-ended:stopped' : 'session-ended');
    this.#serverWrite(socket, frames.sessionEnded(reason), this.now);
    this.#serverClose(socket);
    this.#at(this.now + this.scenario.latencyMs, () => {
      if (!socket.clientOpen) return;
      socket.clientOpen = false;
      this.#dispatch({ type: 'transport-ended' });
    });
  }

  /** A terminal close code: the transport gives up. */
  terminal(): void {
    if (this.#finished) return;
    this.tags.add('terminal-close');
    const socket = this.#socket;
    if (socket !== undefined) {
      socket.clientOpen = false;
      this.#serverClose(socket);
    }
    this.#dispatch({ type: 'transport-ended', error: new Error('closed with 4403 (terminal)') });
  }

  /** Ends the run as the scenario says, lets the server turn healthy and runs time out. */
  end(): void {
    switch (this.scenario.ending) {
      case 'close':
        this.close();
        break;
      case 'stop':
        this.stop();
        break;
      case 'server-end':
        this.serverEnd();
        break;
      case 'terminal':
        this.terminal();
        break;
      case 'drain':
        break;
    }
    this.#draining = true;
    this.#lastProgress = this.now;
    for (let steps = 0; ; steps += 1) {
      const next = this.#next(Infinity);
      if (next === undefined) break;
      if (steps > 10_000) this.#violation('livelock: events keep coming after 10 000 steps');
      this.#checkGap(next.due);
      this.now = next.due;
      next.run();
    }
    const { turn, inFlight, queue, typing } = this.state;
    if (
      !this.#finished &&
      (turn !== undefined || inFlight !== undefined || queue.length > 0 || typing)
    )
      this.#violation('the gate is still held (or typing still on) with nothing left to happen');
    for (const record of this.#sends.values())
      if (record.settled !== 1)
        this.#violation(
          `stuck: send ${record.id} (${record.text}) never settled although nothing is left to happen`,
        );
  }

  // ---------------------------------------------------- the clock

  #at(due: number, run: () => void): void {
    this.#events.push({ due, seq: (this.#seq += 1), run });
  }

  /** The earliest event or machine timer due by `target`, taken off its list. */
  #next(target: number): TimelineEvent | undefined {
    let best: TimelineEvent | undefined;
    for (const event of this.#events)
      if (event.due <= target && (best === undefined || before(event, best))) best = event;
    for (const [timer, armed] of this.#timers)
      if (armed.due <= target && (best === undefined || before(armed, best)))
        best = {
          ...armed,
          run: () => {
            this.#timers.delete(timer);
            this.#dispatch({ type: 'timer', timer });
          },
        };
    this.#events = this.#events.filter((event) => event !== best);
    return best;
  }

  // ---------------------------------------------------- the session side

  // Stamped with the virtual clock, as the session stamps its events with its scheduler's.
  #dispatch(event: SessionHappening): void {
    this.#pending.push({ ...event, at: this.now });
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let next = this.#pending.shift(); next !== undefined; next = this.#pending.shift()) {
        const { state, effects } = transition(this.state, next);
        const count = this.#owned.apply(next);
        const owned = Array.from({ length: count }, (_, index) => this.#owned.take(index));
        if (!isDeepStrictEqual(owned, effects) || !isDeepStrictEqual(this.#owned.state, state))
          throw new Error(`the in-place machine disagrees with transition() on ${next.type}`);
        this.state = state;
        for (const effect of effects) this.#apply(effect);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #apply(effect: SessionEffect): void {
    switch (effect.type) {
      case 'write':
        return this.#clientWrite(effect);
      case 'answer':
        return this.#answered(effect.id, effect.turn);
      case 'fail':
        this.log.push(`${this.now} fail ${effect.id}: ${effect.error.name}`);
        return this.#settle(effect.id);
      case 'arm':
        this.#timers.set(effect.timer, { due: this.now + effect.delayMs, seq: (this.#seq += 1) });
        return;
      case 'disarm':
        this.#timers.delete(effect.timer);
        return;
      case 'abort': {
        const socket = this.#socket;
        if (socket !== undefined && socket.clientOpen) this.#lose(socket, 'aborted');
        return;
      }
      case 'turn':
        return this.#checkTiming(effect.turn, effect.owner);
      case 'notice':
        if (effect.notice.kind === 'turn-timeout') this.tags.add('turn-timeout');
        if (effect.notice.kind === 'conversation-changed') this.tags.add('conversation-changed');
        return;
      case 'finish':
        this.#finished = true;
        this.#timers.clear();
        this.log.push(`${this.now} finish ${effect.outcome.kind}`);
        if (this.#socket !== undefined) {
          this.#socket.clientOpen = false;
          this.#serverClose(this.#socket);
        }
        return;
      default:
        return;
    }
  }

  #clientWrite(effect: Extract<SessionEffect, { type: 'write' }>): void {
    const socket = this.#socket;
    if (this.#finished) this.#violation(`wrote ${JSON.stringify(effect.frame)} after finish`);
    if (socket === undefined || !socket.clientOpen || !socket.started)
      this.#violation(`wrote ${JSON.stringify(effect.frame)} with no started socket`);
    if (effect.message !== undefined) {
      const { message, resend } = effect.message;
      const record = this.#sends.get(message.id);
      if (record === undefined) return this.#violation(`wrote unknown message ${message.id}`);
      const frame = effect.frame as { client_message_id?: string; text?: string };
      if (frame.client_message_id !== record.clientMessageId || frame.text !== record.text)
        this.#violation(`message ${record.id} written with the wrong id or text`);
      if (record.settled > 0) this.#violation(`message ${record.id} written after it settled`);
      if (record.writtenOn.includes(socket.id))
        this.#violation(`message ${record.id} written twice on socket ${socket.id}`);
      if (resend !== record.writtenOn.length > 0)
        this.#violation(
          `message ${record.id}: resend flag ${resend} on write ${record.writtenOn.length + 1}`,
        );
      if (resend) this.tags.add('resend');
      record.writtenOn.push(socket.id);
      record.writtenAt.push(this.now);
      this.#writes += 1;
      this.log.push(`${this.now} write ${record.text}${resend ? ' (resend)' : ''} on ${socket.id}`);
      this.#progress();
    } else {
      this.log.push(`${this.now} write ${JSON.stringify(effect.frame)} on ${socket.id}`);
    }
    const frame = effect.frame;
    this.#at(this.now + this.scenario.latencyMs, () => this.#serverReceive(socket, frame));
  }

  #answered(id: number, turn: Turn): void {
    const record = this.#sends.get(id);
    this.log.push(
      `${this.now} answer ${id}: ${JSON.stringify(turn.text)}${turn.duplicate ? ' (duplicate)' : ''}`,
    );
    this.#settle(id);
    if (record === undefined) return;
    const expected = `re: ${record.text}`;
    const problems: string[] = [];
    const wrong = turn.messages.find((message) => message.text !== expected);
    if (wrong !== undefined)
      problems.push(`message ${id} (${record.text}) answered with "${wrong.text}"`);
    if (!turn.complete) problems.push(`message ${id} answered with an incomplete turn`);
    if (turn.messages.length === 0 && !turn.duplicate)
      problems.push(`message ${id} answered by an empty turn that is no duplicate`);
    const status = this.#statusOf(record);
    if (status !== 'full')
      problems.push(`message ${id} answered while the server's answer is ${status ?? 'not begun'}`);
    if (this.#answeredTurns.has(turn.index))
      problems.push(`turn ${turn.index} answers two messages`);
    if (id < this.#lastAnswered)
      problems.push(`message ${id} answered after message ${this.#lastAnswered}`);
    this.#answeredTurns.add(turn.index);
    this.#lastAnswered = Math.max(this.#lastAnswered, id);
    if (turn.duplicate) this.tags.add('answered-duplicate');
    if (turn.spansReconnect) this.tags.add('answer-spans-reconnect');
    for (const problem of problems) this.#unguarded(problem);
  }

  /**
   * Every turn's timing, against the virtual clock the events were stamped
   * with: it ends now; its frames fall between its first frame and its end;
   * an answer carries its message's first write and latest resend, and counts
   * one reconnect per resend, so `reconnects > 0` exactly when
   * `spansReconnect` (the turn went on past a drop, its message written
   * again); a greeting or an unsolicited turn was asked for by no message and
   * spans nothing (a drop ends it).
   */
  #checkTiming(turn: Turn, owner: number | undefined): void {
    const { sentAt, firstFrameAt, typingAt, firstMessageAt, completedAt, resentAt, reconnects } =
      turn.timing;
    const problems: string[] = [];
    if (completedAt !== this.now) problems.push(`completedAt ${completedAt}, not now`);
    if (firstFrameAt > completedAt) problems.push('firstFrameAt after completedAt');
    for (const [name, at] of [
      ['typingAt', typingAt],
      ['firstMessageAt', firstMessageAt],
    ] as const)
      if (at !== undefined && (at < firstFrameAt || at > completedAt))
        problems.push(`${name} ${at} outside [${firstFrameAt}, ${completedAt}]`);
    if (firstMessageAt === undefined && turn.messages.length > 0)
      problems.push('messages but no firstMessageAt');
    if (reconnects > 0 !== turn.spansReconnect)
      problems.push(`reconnects ${reconnects} but spansReconnect ${turn.spansReconnect}`);
    if (reconnects > 0 !== (resentAt !== undefined))
      problems.push(`reconnects ${reconnects} but resentAt ${resentAt}`);
    const record = owner === undefined ? undefined : this.#sends.get(owner);
    if (owner === undefined) {
      if (sentAt !== undefined || reconnects > 0)
        problems.push(`a turn no message asked for has sentAt ${sentAt}, reconnects ${reconnects}`);
      this.tags.add('timed:unsolicited');
    } else if (record === undefined) {
      problems.push(`answers unknown message ${owner}`);
    } else {
      const writes = record.writtenAt;
      if (sentAt !== writes[0]) problems.push(`sentAt ${sentAt}, first write at ${writes[0]}`);
      if (sentAt !== undefined && sentAt > firstFrameAt) problems.push('sentAt after firstFrameAt');
      if (reconnects !== writes.length - 1)
        problems.push(`reconnects ${reconnects} after ${writes.length} writes`);
      if (reconnects > 0 && resentAt !== writes.at(-1))
        problems.push(`resentAt ${resentAt}, last write at ${writes.at(-1)}`);
      if (reconnects > 0) this.tags.add('timed:reconnects');
    }
    if (turn.complete && typingAt !== undefined) this.tags.add('timed:typing');
    for (const problem of problems)
      this.#violation(`turn ${turn.index} (owner ${owner ?? 'none'}): timing: ${problem}`);
  }

  #settle(id: number): void {
    const record = this.#sends.get(id);
    if (record === undefined) return this.#violation(`settled unknown send ${id}`);
    record.settled += 1;
    if (record.settled > 1) this.#violation(`send ${id} settled ${record.settled} times`);
    this.#progress();
  }

  #statusOf(record: SendRecord): AnswerStatus | undefined {
    for (const conversation of this.#conversations.values()) {
      const answer = conversation.answers.get(record.clientMessageId);
      if (answer !== undefined) return answer.status;
    }
    return undefined;
  }

  /** The socket is gone on both ends: the session hears of it and the transport reconnects. */
  #lose(socket: Socket, how: string): void {
    socket.clientOpen = false;
    this.#serverClose(socket);
    this.log.push(`${this.now} socket ${socket.id} ${how}`);
    if (this.#finished) return;
    const plan = this.#plan(socket.id + 1);
    this.#dispatch({
      type: 'socket-lost',
      reconnect: { attempt: 1, maxAttempts: 10, delayMs: plan.reconnectDelayMs, cause: how },
    });
    this.#at(this.now + plan.reconnectDelayMs, () => this.#openSocket());
  }

  // ---------------------------------------------------- the server side

  #plan(socket: number): ConnectionPlan {
    const { connections } = this.scenario;
    return connections[(socket - 1) % connections.length]!;
  }

  #newConversation(): Conversation {
    const conversation = { id: `c${(this.#conversationCount += 1)}`, answers: new Map() };
    this.#conversations.set(conversation.id, conversation);
    return conversation;
  }

  #openSocket(): void {
    if (this.#finished) return;
    const id = (this.#sockets += 1);
    const plan = this.#plan(id);
    const asked = this.#resumeId;
    const known = asked === undefined ? undefined : this.#conversations.get(asked);
    let conversation: Conversation;
    let greets = true;
    if (known === undefined) {
      if (asked !== undefined) this.tags.add('unknown-conversation');
      conversation = this.#newConversation();
    } else if (plan.switchConversation) {
      this.tags.add('conversation-switch');
      conversation = this.#newConversation();
    } else {
      this.tags.add('resume');
      conversation = known;
      greets = false; // a resumed conversation never greets
    }
    const socket: Socket = {
      id,
      conversation,
      serverOpen: true,
      clientOpen: true,
      started: false,
      owed: new Set(),
      freeAt: this.now,
      inTransit: 0,
      last: undefined,
    };
    this.#socket = socket;
    this.log.push(`${this.now} socket ${id} opens into ${conversation.id}`);
    this.#dispatch({ type: 'socket-opened' });
    this.#serverWrite(socket, frames.sessionStarted(conversation.id, `s${id}`), this.now);
    if (greets) this.#greet(socket, plan.greeting);
  }

  #greet(socket: Socket, plan: GreetingPlan): void {
    this.tags.add(`greeting:${plan.kind}`);
    if (plan.kind === 'none') return;
    const turn: OwedTurn = { kind: 'greeting', written: 0 };
    // A greeting that comes within the window is owed from the start: a
    // message must not reach the server before it is over.
    if (plan.kind === 'fast') socket.owed.add(turn);
    const greeting = [
      frames.typing(),
      frames.message(`hello from ${socket.conversation.id}`),
      frames.responseComplete(),
    ];
    this.#writeTurn(socket, turn, greeting, this.now + plan.delayMs, 150, true);
  }

  /** Schedules a turn's frames, `pace` apart, once the agent is free; `completes`: the last is its response_complete. */
  #writeTurn(
    socket: Socket,
    turn: OwedTurn,
    turnFrames: readonly ServerFrame[],
    from: number,
    pace: number,
    completes: boolean,
    onComplete?: () => void,
  ): void {
    const start = Math.max(from, socket.freeAt);
    turnFrames.forEach((frame, index) => {
      const last = index === turnFrames.length - 1;
      this.#serverWrite(socket, frame, start + index * pace, () => {
        socket.owed.add(turn);
        turn.written += 1;
        if (last && completes) {
          socket.owed.delete(turn);
          onComplete?.();
        }
      });
    });
    socket.freeAt = completes ? start + (turnFrames.length - 1) * pace : Infinity;
  }

  /** The server writes a frame at `at`; it reaches the client one latency later unless the socket goes first. */
  #serverWrite(socket: Socket, frame: ServerFrame, at: number, onWrite?: () => void): void {
    const write = () => {
      if (!socket.serverOpen) return;
      onWrite?.();
      if (frame.type !== 'ping') socket.last = frame.type;
      socket.inTransit += 1;
      this.#at(this.now + this.scenario.latencyMs, () => {
        socket.inTransit -= 1;
        if (!socket.clientOpen || this.#finished) return;
        if (frame.type !== 'session_started') {
          const idle = this.state.turn === undefined && this.state.inFlight === undefined;
          this.#dispatch({ type: 'frame', frame });
          // An error between turns is recoverable: it opens no turn, so it holds no gate.
          if (idle && frame.type === 'error' && this.state.turn !== undefined)
            this.#violation('an error frame between turns opened a turn');
          return;
        }
        const resumed =
          this.#firstConversation !== undefined &&
          frame.conversation_id === this.#sessionConversation;
        this.#started(socket, frame.conversation_id);
        const writes = this.#writes;
        this.#dispatch({ type: 'frame', frame });
        // No stuck gate: a resumed conversation never greets and a turn on a
        // dead socket holds nothing, so a pending message goes out at once.
        if (resumed && !this.#finished && this.#writes === writes && this.#pendingSends() > 0)
          this.#violation(`resumed ${frame.conversation_id} with sends pending but wrote nothing`);
      });
    };
    // Due now: written now, so the next command sees it written.
    if (at <= this.now) write();
    else this.#at(at, write);
  }

  #started(socket: Socket, conversationId: string): void {
    socket.started = true;
    this.#resumeId = this.#sessionConversation = conversationId;
    this.#firstConversation ??= conversationId;
  }

  #serverClose(socket: Socket): void {
    if (!socket.serverOpen) return;
    socket.serverOpen = false;
    // Answers the socket was writing are cut: a resend gets them again in full.
    for (const answer of socket.conversation.answers.values())
      if (answer.socket === socket.id && answer.status === 'pending') answer.status = 'cut';
  }

  #serverReceive(socket: Socket, frame: ClientFrame): void {
    if (!socket.serverOpen) return;
    if ('type' in frame && frame.type === 'stop') {
      this.serverEnd('stopped');
      return;
    }
    const { text, client_message_id: clientMessageId } = frame as {
      text: string;
      client_message_id: string;
    };
    const record = [...this.#sends.values()].find((send) => send.text === text);
    if (record === undefined) return this.#violation(`server got unknown message ${text}`);
    this.log.push(`${this.now} server ${socket.id} (${socket.conversation.id}) got ${text}`);
    // Nothing cross-conversation.
    const expected = record.conversation ?? this.#firstConversation;
    if (socket.conversation.id !== expected)
      this.#violation(
        `${text} was sent for conversation ${expected ?? '(new)'} but arrived in ${socket.conversation.id}`,
      );
    // Nothing mid-turn.
    if (socket.owed.size > 0) {
      const kinds = [...socket.owed].map((turn) => turn.kind).join('+');
      this.#unguarded(`${text} reached the server mid-turn (${kinds})`);
    }
    const { answers } = socket.conversation;
    const previous = answers.get(clientMessageId);
    const turn: OwedTurn = { kind: 'answer', written: 0 };
    socket.owed.add(turn);
    const pace = record.pace;
    if (previous?.status === 'full') {
      // A resend whose answer was fully written: only the suppressed completion.
      this.tags.add('duplicate-completion');
      this.#writeTurn(socket, turn, [frames.responseComplete(true)], this.now + pace, pace, true);
      return;
    }
    if (previous?.status === 'cut') this.tags.add('answer-again');
    const entry = { status: 'pending' as AnswerStatus, socket: socket.id };
    answers.set(clientMessageId, entry);
    const done = () => (entry.status = 'full');
    const reply = frames.message(`re: ${text}`);
    this.tags.add(`answer:${record.plan}`);
    switch (record.plan) {
      case 'normal':
        return this.#writeTurn(
          socket,
          turn,
          [frames.typing(), reply, frames.responseComplete()],
          this.now + pace,
          pace,
          true,
          done,
        );
      case 'with-error':
        return this.#writeTurn(
          socket,
          turn,
          [frames.typing(), frames.error('tool failed'), reply, frames.responseComplete()],
          this.now + pace,
          pace,
          true,
          done,
        );
      case 'error-only':
        return this.#writeTurn(
          socket,
          turn,
          [frames.typing(), frames.error('cannot answer')],
          this.now + pace,
          pace,
          false,
        );
      case 'stall':
        // Keeps the socket alive with pings and never completes.
        return this.#writeTurn(
          socket,
          turn,
          [frames.typing(), ...Array.from({ length: 6 }, () => frames.ping())],
          this.now + pace,
          1000,
          false,
        );
      case 'slow':
        return this.#writeTurn(
          socket,
          turn,
          [frames.typing(), reply, frames.responseComplete()],
          this.now + pace,
          TURN_MS * 0.6,
          true,
          done,
        );
    }
  }

  #dropPoint(socket: Socket): string {
    if (!socket.started) return 'before-session-started';
    const owed = [...socket.owed];
    if (owed.some((turn) => turn.kind === 'greeting')) return 'in-greeting';
    if (owed.some((turn) => turn.written > 0)) return 'answer-mid';
    if (owed.length > 0) return 'answer-not-started';
    return socket.inTransit > 0 ? 'frames-in-transit' : 'between-turns';
  }

  // ---------------------------------------------------- checks

  #progress(): void {
    if (this.#draining) this.#checkGap(this.now);
    this.#lastProgress = this.now;
  }

  /**
   * No stuck gate: once the server is healthy, while a send is pending
   * something (a write, an answer, a failure) happens within a turn deadline
   * plus a reconnect, a greeting wait and a greeting.
   */
  #checkGap(until: number): void {
    const bound =
      TURN_MS + GREETING_MS + MAX_RECONNECT_MS + GREETING_FRAMES * 150 + 4 * MAX_LATENCY_MS;
    if (this.#pendingSends() > 0 && until - this.#lastProgress > bound)
      this.#violation(
        `stuck gate: nothing written or settled from ${this.#lastProgress} to ${until} with sends pending`,
      );
  }

  #pendingSends(): number {
    return [...this.#sends.values()].filter((record) => record.settled === 0).length;
  }

  #unguarded(problem: string): void {
    if (this.options.strict) this.#violation(problem);
    this.unguarded.push(problem);
  }

  #violation(problem: string): never {
    throw new Violation(
      `${problem}\n  at t=${this.now}; log:\n    ${this.log.slice(-25).join('\n    ')}`,
    );
  }

  /** The number of sends, for coverage. */
  get sends(): number {
    return this.#sends.size;
  }
}

function before(a: { due: number; seq: number }, b: { due: number; seq: number }): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

// ---------------------------------------------------------------- commands

type Command = fc.Command<World, World>;

const command = (name: string, run: (world: World) => void): Command => ({
  check: () => true,
  run: (_model, world) => run(world),
  toString: () => name,
});

const answerPlan: fc.Arbitrary<AnswerPlan> = fc.oneof(
  { arbitrary: fc.constant<AnswerPlan>('normal'), weight: 12 },
  { arbitrary: fc.constant<AnswerPlan>('with-error'), weight: 2 },
  { arbitrary: fc.constant<AnswerPlan>('error-only'), weight: 1 },
  { arbitrary: fc.constant<AnswerPlan>('stall'), weight: 1 },
  { arbitrary: fc.constant<AnswerPlan>('slow'), weight: 1 },
);

/** User calls, time, drops, stray frames and (rarely) an end in the middle of things. */
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc
      .tuple(answerPlan, fc.integer({ min: 0, max: MAX_PACE_MS }))
      .map(([plan, pace]) => command(`send(${plan}, ${pace})`, (world) => world.send(plan, pace))),
    weight: 30,
  },
  {
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 60, max: 6000 }))
      .map((ms) => command(`advance(${ms})`, (world) => world.advance(ms))),
    weight: 40,
  },
  {
    arbitrary: fc
      .integer({ min: 1, max: 4 })
      .map((count) => command(`steps(${count})`, (world) => world.steps(count))),
    weight: 20,
  },
  { arbitrary: fc.constant(command('drop', (world) => world.drop())), weight: 8 },
  {
    arbitrary: fc
      .constantFrom('error', 'typing', 'response_complete', 'ping')
      .map((kind) => command(`stray(${kind})`, (world) => world.stray(kind))),
    weight: 6,
  },
  { arbitrary: fc.constant(command('stop', (world) => world.stop())), weight: 1 },
  { arbitrary: fc.constant(command('serverEnd', (world) => world.serverEnd())), weight: 1 },
  { arbitrary: fc.constant(command('terminal', (world) => world.terminal())), weight: 1 },
);

// ---------------------------------------------------------------- runner

export interface ModelRunReport {
  readonly runs: number;
  readonly sends: number;
  /** How many runs included each behaviour. */
  readonly coverage: Record<string, number>;
  /** Runs where attribution or nothing-mid-turn did not hold (non-strict runs only). */
  readonly unguardedRuns: number;
  readonly firstUnguarded: string | undefined;
  readonly durationMs: number;
}

/** The property: one generated conversation against the server model, every guarantee checked. */
export function sessionModelProperty(
  options: ModelOptions,
  onRun: (world: World) => void = () => undefined,
) {
  return fc.property(
    scenarioArb(options),
    fc.commands([commandArb], { maxCommands: 60, size: 'max' }),
    (scenario, commands) => {
      const world = new World(scenario, options);
      fc.modelRun(() => ({ model: world, real: world }), commands);
      world.end();
      onRun(world);
    },
  );
}

/** Runs `runs` generated conversations (throws fast-check's report, with seed and path, on a violation). */
export function runSessionModel(
  runs: number,
  seed: number,
  options: ModelOptions = { lateGreetings: false, strict: true },
): ModelRunReport {
  const started = performance.now();
  const coverage: Record<string, number> = {};
  let sends = 0;
  let unguardedRuns = 0;
  let firstUnguarded: string | undefined;
  fc.assert(
    sessionModelProperty(options, (world) => {
      sends += world.sends;
      for (const tag of world.tags) coverage[tag] = (coverage[tag] ?? 0) + 1;
      if (world.unguarded.length > 0) {
        unguardedRuns += 1;
        firstUnguarded ??= world.unguarded[0];
      }
    }),
    { numRuns: runs, seed },
  );
  return {
    runs,
    sends,
    coverage: Object.fromEntries(Object.entries(coverage).sort(([a], [b]) => a.localeCompare(b))),
    unguardedRuns,
    firstUnguarded,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Behaviours every long run must have covered. */
export const REQUIRED_COVERAGE = [
  'greeting:none',
  'greeting:fast',
  'drop:before-session-started',
  'drop:in-greeting',
  'drop:answer-not-started',
  'drop:answer-mid',
  'drop:frames-in-transit',
  'drop:between-turns',
  'stray:error',
  'stray:typing',
  'stray:response_complete',
  'answer:error-only',
  'answer:stall',
  'answer:slow',
  'duplicate-completion',
  'answer-again',
  'conversation-switch',
  'unknown-conversation',
  'session-ended',
  'terminal-close',
  'timed:unsolicited',
  'timed:reconnects',
  'timed:typing',
] as const;

export function formatCoverage(coverage: Record<string, number>): string {
  return Object.entries(coverage)
    .map(([tag, runs]) => `${tag} ${runs}`)
    .join(', ');
}
