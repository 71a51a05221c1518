// One file on purpose, though over 300 lines: it is the session's protocol
// rules, which DESIGN.md wants readable in one place, as a sans-I/O
// `transition(state, event)`. Its parts (sends, frames, drops, deadlines,
// the end) call one another through one `Step` and share its helpers;
// split, one rule (a resend after a drop, say) would be read across files.
import { userMessage } from '../../protocol/userMessage.js';
import type {
  ServerFrame,
  SessionEndedFrame,
  SessionStartedFrame,
} from '../../protocol/serverFrames.js';
import type { Turn } from '../../protocol/Turn.js';
import { TurnAssembler } from '../../protocol/TurnAssembler.js';
import type { TurnFrame } from '../../protocol/turnFrames.js';
import {
  ConversationChangedError,
  SendQueueFullError,
  SessionClosedError,
  TurnTimeoutError,
} from '../errors.js';
import type { SessionEffect, SessionOutcome } from './SessionEffect.js';
import type { SessionNotice } from './SessionNotice.js';
import type { ReconnectAttempt, SessionEvent } from './SessionEvent.js';
import type { InFlight, OutgoingMessage, SessionState } from './SessionState.js';

/** The next state and what to do about it. */
export interface Transition {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}

/**
 * The session's rules, in one place: `(state, event) -> (state, effects)`.
 * No I/O, no clock, no RxJS; the session wires it to a socket and timers.
 * Time comes in as data, each event's `at`, and goes out as the turns' timing.
 *
 * The rules, in short (docs/session.md has them in full):
 * - A user message is written only on a started socket, with no turn open,
 *   no answer awaited and no greeting possibly on its way.
 * - The first turn to open after a message is written is its answer. An
 *   `error` frame between turns opens none; a `response_complete` between
 *   turns answers a message only with `duplicate: true` after its resend,
 *   else it is stray.
 * - A drop suspends the awaited answer: the message is resent once on the
 *   resumed socket and the turn goes on there. A turn nobody can resend (a
 *   greeting, an unsolicited turn) ends incomplete at the drop.
 * - Every turn has a deadline; past it the message fails and the socket is
 *   dropped, so a late answer can never be taken for a later message's.
 * - A resume that lands in another conversation fails the messages written
 *   for the old one; none of them is sent into the new one.
 */
export function transition(state: SessionState, event: SessionEvent): Transition {
  const step = apply(new Step(state, false), event);
  // A fresh step's effects are exactly those emitted: no slot is stale.
  return { state: step.state, effects: step.effects as readonly SessionEffect[] };
}

function apply(step: Step, event: SessionEvent): Step {
  const { state } = step;
  step.at = event.at;
  if (state.phase === 'over') {
    // Nothing is written or emitted once over; a late send() still settles.
    if (event.type === 'send')
      step.fail(event.message.id, closed('the session is over; nothing was sent'));
    return step;
  }
  switch (event.type) {
    case 'send':
      send(step, event.message);
      break;
    case 'stop':
      if (state.stop === 'none') step.own().stop = 'queued';
      break;
    case 'close':
      finish(
        step,
        { kind: 'closed' },
        closed('the session was closed before this message was answered'),
      );
      return step;
    case 'socket-opened': {
      const next = step.own();
      next.socket += 1;
      next.phase = 'waiting';
      break;
    }
    case 'frame':
      receive(step, event.frame);
      break;
    case 'socket-lost':
      socketLost(step, event.reconnect);
      break;
    case 'transport-ended': {
      const error = event.error ?? closed('the connection ended');
      finish(step, { kind: 'failed', error }, asError(error));
      return step;
    }
    case 'timer':
      if (event.timer === 'greeting') step.own().awaitingGreeting = false;
      else turnTimedOut(step);
      break;
    default: {
      const unknown: never = event;
      throw new TypeError(`unknown session event ${JSON.stringify(unknown)}`);
    }
  }
  pump(step);
  return step;
}

const noMessages: readonly OutgoingMessage[] = [];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Effects without a payload of their own are shared: they are never mutated.
const typingOn: SessionEffect = { type: 'typing', typing: true };
const typingOff: SessionEffect = { type: 'typing', typing: false };
const disarmTurn: SessionEffect = { type: 'disarm', timer: 'turn' };
const disarmGreeting: SessionEffect = { type: 'disarm', timer: 'greeting' };

/** Accumulates the next state and the effects of one transition. */
class Step {
  /** Written up to `count`; an owned step reuses the array, so slots past `count` are stale. */
  readonly effects: (SessionEffect | undefined)[] = [];
  count = 0;
  /** When the event being applied happened: what the turns it writes, opens or ends are stamped with. */
  at = 0;
  /** Whether `state` is this step's own copy, which later changes may update in place. */
  #owned: boolean;
  /** The turn deadline's `arm` effect: the same for every turn, as the rules are. */
  #armTurn: SessionEffect | undefined;

  constructor(
    public state: SessionState,
    owned: boolean,
  ) {
    this.#owned = owned;
  }

  // Copy on the first write only: the state given to `transition` is never
  // mutated, and the one it returns is new whenever anything changed.
  own(): Mutable<SessionState> {
    if (!this.#owned) {
      this.state = { ...this.state };
      this.#owned = true;
    }
    return this.state as Mutable<SessionState>;
  }

  emit(effect: SessionEffect): void {
    this.effects[this.count] = effect;
    this.count += 1;
  }

  fail(id: number, error: Error): void {
    this.emit({ type: 'fail', id, error });
  }

  notice(notice: SessionNotice): void {
    this.emit({ type: 'notice', notice });
  }

  frame(frame: ServerFrame): void {
    this.emit({ type: 'frame', frame });
  }

  /** Arms the turn deadline, when the rules set one. */
  armTurn(): void {
    const delayMs = this.state.rules.turnTimeoutMs;
    if (delayMs !== false) this.emit((this.#armTurn ??= { type: 'arm', timer: 'turn', delayMs }));
  }

  typing(typing: boolean): void {
    if (this.state.typing === typing) return;
    this.own().typing = typing;
    this.emit(typing ? typingOn : typingOff);
  }
}

/**
 * {@link transition} for a caller that alone holds its state, as the session
 * does: the same rules and effects, but the state is updated in place and the
 * effects are written into one reused array, so a frame costs no state copy
 * and no new array. Nobody else can see the state, so nobody can tell. It is
 * the one step that lives on from event to event; `state` is read, never
 * changed, outside `apply`.
 */
export class OwnedTransition extends Step {
  constructor(state: SessionState) {
    super({ ...state }, true);
  }

  /** Applies `event`; returns how many effects to {@link take}, in order, before the next call. */
  apply(event: SessionEvent): number {
    this.count = 0;
    apply(this, event);
    return this.count;
  }

  /** Effect `index` of the last {@link apply}; the slot is cleared, so an idle session holds none. */
  take(index: number): SessionEffect {
    const effect = this.effects[index] as SessionEffect;
    this.effects[index] = undefined;
    return effect;
  }
}

function send(step: Step, message: OutgoingMessage): void {
  const { state } = step;
  if (state.stop !== 'none') {
    step.fail(message.id, closed('the session is stopping; the message was not sent'));
  } else if (state.queue.length >= state.rules.maxQueuedMessages) {
    step.fail(message.id, new SendQueueFullError(state.rules.maxQueuedMessages));
  } else {
    // A message belongs to the conversation the session is in when it is written.
    const bound: OutgoingMessage =
      message.conversationId === state.conversationId
        ? message
        : { ...message, conversationId: state.conversationId };
    const first = state.queue.length === 0;
    step.own().queue = [...state.queue, bound];
    if (first) heldForGreeting(step);
  }
}

/** Says why the first message waits, when it does for a greeting that may come. */
function heldForGreeting(step: Step): void {
  const { awaitingGreeting, turn, inFlight, rules } = step.state;
  if (awaitingGreeting && turn === undefined && inFlight === undefined)
    // awaitingGreeting is only ever set when the wait is a positive number.
    step.notice({ kind: 'awaiting-greeting', timeoutMs: rules.greetingTimeoutMs as number });
}

/**
 * Writes the next message when the protocol allows it, or the stop once every
 * message before it is answered (a stop is no user message: it need not wait
 * for a turn or a greeting to finish).
 */
function pump(step: Step): void {
  const { state } = step;
  if (state.phase !== 'ready' || state.inFlight !== undefined) return;
  const next = state.queue[0];
  if (next === undefined) {
    if (state.stop === 'queued') {
      step.own().stop = 'written';
      step.emit({ type: 'write', frame: { type: 'stop' } });
    }
    return;
  }
  if (state.turn !== undefined || state.awaitingGreeting) return;
  const own = step.own();
  own.queue = state.queue.length === 1 ? noMessages : state.queue.slice(1);
  own.inFlight = {
    message: next,
    writtenOn: state.socket,
    resent: false,
    sentAt: step.at,
    resentAt: undefined,
    reconnects: 0,
  };
  write(step, next, false);
}

function write(step: Step, message: OutgoingMessage, resend: boolean): void {
  const { rules } = step.state;
  step.emit({
    type: 'write',
    frame: userMessage(message.text, rules.messageShape, message.clientMessageId),
    message: { message, resend },
  });
  step.armTurn();
}

function receive(step: Step, frame: ServerFrame): void {
  step.frame(frame);
  switch (frame.type) {
    case 'session_started':
      return sessionStarted(step, frame);
    case 'session_ended':
      return sessionEnded(step, frame);
    case 'ping':
      return;
    default:
      return turnFrame(step, frame);
  }
}

function sessionStarted(step: Step, frame: SessionStartedFrame): void {
  const { state } = step;
  const expected = state.conversationId;
  const changed = expected !== undefined && frame.conversation_id !== expected;
  if (changed) {
    // Messages written for the old conversation must not reach the new one.
    const error = new ConversationChangedError(expected, frame.conversation_id);
    failPending(step, error);
    step.notice({ kind: 'conversation-changed', from: expected, to: frame.conversation_id });
  }
  const resumed = step.state.confirmed && !changed;
  const own = step.own();
  own.phase = 'ready';
  own.conversationId = frame.conversation_id;
  own.confirmed = true;
  step.emit({ type: 'session', frame });

  if (resumed) {
    // A resumed conversation never greets; the awaited answer needs its message again.
    step.notice({ kind: 'resumed', conversationId: frame.conversation_id });
    const { inFlight, turn, socket } = step.state;
    if (inFlight !== undefined && inFlight.writtenOn !== socket) {
      const resent: InFlight = {
        ...inFlight,
        writtenOn: socket,
        resent: true,
        resentAt: step.at,
        reconnects: inFlight.reconnects + 1,
      };
      step.own().inFlight = resent;
      if (turn !== undefined) stampAnswer(turn.assembler, resent);
      write(step, inFlight.message, true);
    }
    return;
  }
  // A new conversation (or one the server may not have known) may open with
  // a greeting at any moment, and nothing says whether one is coming: hold
  // messages back until it starts or the wait is over, so that a greeting is
  // never taken for an answer.
  const wait = state.rules.greetingTimeoutMs;
  if (wait !== false && wait > 0) {
    step.own().awaitingGreeting = true;
    step.emit({ type: 'arm', timer: 'greeting', delayMs: wait });
    if (step.state.queue.length > 0) heldForGreeting(step);
  }
}

function sessionEnded(step: Step, frame: SessionEndedFrame): void {
  finish(
    step,
    { kind: 'ended', frame },
    closed(`the session ended (${frame.reason}) before this message was answered`),
  );
}

function turnFrame(step: Step, frame: TurnFrame): void {
  const { state } = step;
  // An answer a drop cut off is suspended until the resumed socket answers
  // the resend: until then a frame there is judged as if between turns.
  const suspended = state.turn !== undefined && state.turn.socket !== state.socket;
  if (state.turn === undefined || suspended) {
    const { inFlight } = state;
    const stray =
      // Recoverable and between turns: it opens none, so it cannot hold the gate.
      (frame.type === 'error' && inFlight === undefined) ||
      // A bare completion answers a message only when the server says it
      // suppressed a repeat (`duplicate: true`) and the message was sent
      // again, the one case where the platform suppresses anything (a
      // message sent once has nothing to repeat); anything else is left over or stray
      // and must not release the gate, even after a resend: the platform
      // never finishes a cut turn, so a bare completion there is no answer.
      (frame.type === 'response_complete' &&
        (inFlight === undefined || !frame.duplicate || !inFlight.resent));
    if (stray) {
      step.notice({ kind: 'stray-frame', frameType: frame.type });
      return;
    }
    if (state.turn === undefined) openTurn(step, inFlight?.message.id);
    else step.own().turn = { ...state.turn, socket: state.socket };
  }
  const turn = step.state.turn;
  if (turn === undefined) return;
  const diagnostic = turn.assembler.add(frame, step.at);
  if (diagnostic !== undefined) step.emit({ type: 'diagnostic', diagnostic });
  if (frame.type === 'typing') step.typing(true);
  else if (frame.type === 'message') step.typing(false);
  else if (frame.type === 'response_complete') endTurn(step, 'answered');
}

function openTurn(step: Step, owner: number | undefined): void {
  const { state } = step;
  const assembler = new TurnAssembler(state.turnIndex, state.rules.turnLimits);
  // An answer carries its message's times; one that starts only after its
  // message was resent still spans the drop.
  if (owner !== undefined && state.inFlight !== undefined) stampAnswer(assembler, state.inFlight);
  const own = step.own();
  own.turn = { assembler, owner, socket: state.socket };
  own.turnIndex = state.turnIndex + 1;
  if (owner !== undefined) return;
  // A greeting or an unsolicited turn: it holds the gate, but only so long.
  greetingWaitOver(step);
  step.armTurn();
}

/** Stops holding messages back for a greeting, if they were. */
function greetingWaitOver(step: Step): void {
  if (!step.state.awaitingGreeting) return;
  step.own().awaitingGreeting = false;
  step.emit(disarmGreeting);
}

/** Gives the answer being assembled its message's write times and drops. */
function stampAnswer(assembler: TurnAssembler, inFlight: InFlight): void {
  assembler.sentAt = inFlight.sentAt;
  assembler.resentAt = inFlight.resentAt;
  assembler.reconnects = inFlight.reconnects;
}

function socketLost(step: Step, reconnect: ReconnectAttempt): void {
  const { turn, stop } = step.state;
  step.own().phase = 'waiting';
  // An answer whose message can be resent goes on after the resume; a turn
  // nobody can resend (a greeting, an unsolicited turn) ends here.
  if (turn !== undefined && turn.owner === undefined) endTurn(step);
  step.typing(false);
  greetingWaitOver(step);
  if (stop === 'written') step.own().stop = 'queued';
  step.notice({ kind: 'reconnecting', ...reconnect });
  step.emit({ type: 'reconnecting', reconnect });
}

function turnTimedOut(step: Step): void {
  const { turn, inFlight, rules } = step.state;
  if (turn === undefined && inFlight === undefined) return;
  const timeoutMs = rules.turnTimeoutMs === false ? 0 : rules.turnTimeoutMs;
  const partial = endTurn(step);
  if (inFlight !== undefined) {
    step.fail(inFlight.message.id, new TurnTimeoutError(timeoutMs, partial));
    step.own().inFlight = undefined;
  }
  // The server may still answer on this socket; only a new one is sure not to.
  step.own().phase = 'waiting';
  step.notice({ kind: 'turn-timeout', timeoutMs });
  step.emit({ type: 'abort', reason: 'turn deadline passed' });
}

/**
 * Ends the open turn, `answered` by its `response_complete` or else cut off
 * (incomplete). Its owner, if any, gets the turn, or fails with `settle`;
 * with no `settle` a cut turn's owner is left waiting (its resend may still
 * be answered, or another rule fails it).
 */
function endTurn(step: Step, settle?: Error | 'answered'): Turn | undefined {
  const { turn, inFlight } = step.state;
  if (turn === undefined) return undefined;
  const { owner } = turn;
  const done = turn.assembler.finish(step.at);
  step.own().turn = undefined;
  step.emit(disarmTurn);
  if (owner !== undefined && settle !== undefined) {
    if (settle === 'answered') step.emit({ type: 'answer', id: owner, turn: done });
    else step.fail(owner, settle);
    if (inFlight?.message.id === owner) step.own().inFlight = undefined;
  }
  step.typing(false);
  step.emit({ type: 'turn', turn: done, owner });
  return done;
}

/** Fails every message not yet answered, the open turn's owner first (the turn is cut). */
function failPending(step: Step, error: Error): void {
  endTurn(step, error);
  const { inFlight, queue } = step.state;
  if (inFlight !== undefined) step.fail(inFlight.message.id, error);
  for (const message of queue) step.fail(message.id, error);
  const own = step.own();
  own.inFlight = undefined;
  own.queue = noMessages;
  step.emit(disarmTurn);
}

function finish(step: Step, outcome: SessionOutcome, error: Error): void {
  failPending(step, error);
  step.emit(disarmGreeting);
  const own = step.own();
  own.phase = 'over';
  own.awaitingGreeting = false;
  step.emit({ type: 'finish', outcome });
}

const closed = (message: string): SessionClosedError => new SessionClosedError(message);

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new SessionClosedError(String(error));
