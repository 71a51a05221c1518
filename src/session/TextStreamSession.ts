import {
  config as rxjsConfig,
  filter,
  Observable,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
  throwError,
  type Unsubscribable,
} from 'rxjs';
import { CloseError } from '../protocol/CloseError.js';
import type { Diagnostic } from '../protocol/Diagnostic.js';
import type {
  ErrorFrame,
  MessageFrame,
  ServerFrame,
  SessionEndedFrame,
  SessionStartedFrame,
} from '../protocol/serverFrames.js';
import type { ToolCall } from '../protocol/ToolCall.js';
import type { Turn } from '../protocol/Turn.js';
import { resolveTurnLimits } from '../protocol/TurnLimits.js';
import { isTurnFrame } from '../protocol/turnFrames.js';
import { pairToolCalls } from '../operators/pairToolCalls.js';
import { openConnection, type FrameSink } from '../transport/connectionFrames.js';
import type {
  ConnectionHooks,
  ConnectionState,
  OpenSocket,
  ReconnectDetail,
} from '../transport/ConnectionState.js';
import { resolveTextStreamOptions } from '../transport/TextStreamOptions.js';
import { Answer, PromisedAnswer, type AwaitedAnswer } from './Answer.js';
import { randomClientMessageId } from './clientMessageIds.js';
import type { ConnectOptions } from './ConnectOptions.js';
import type { Transcript } from './Transcript.js';
import { updateTranscript, type TranscriptChange } from './updateTranscript.js';
import { SessionClosedError } from './errors.js';
import { LazySubject } from './LazySubject.js';
import type { SessionEffect } from './machine/SessionEffect.js';
import type {
  ReconnectAttempt,
  SessionEvent,
  SessionHappening,
  SessionTimer,
} from './machine/SessionEvent.js';
import type { SessionNotice } from './machine/SessionNotice.js';
import { initialState, type SessionRules } from './machine/SessionState.js';
import { OwnedTransition } from './machine/transition.js';

// Shared by every session: one operator each, not one per instance.
const onlyMessages = filter(
  (frame: ServerFrame): frame is MessageFrame => frame.type === 'message',
);
const onlyErrors = filter((frame: ServerFrame): frame is ErrorFrame => frame.type === 'error');

/** What {@link ConnectionLink} may reach of a session: filled in by the session's static block. */
interface SessionInternals {
  receive(session: TextStreamSession, frame: ServerFrame): void;
  /** Dispatches `event`, stamped with the session's clock. */
  dispatch(session: TextStreamSession, event: SessionHappening): void;
  stateChanged(session: TextStreamSession, state: ConnectionState, detail?: ReconnectDetail): void;
  opened(session: TextStreamSession, socket: OpenSocket): void;
  diagnose(session: TextStreamSession, diagnostic: Diagnostic): void;
}

let internals: SessionInternals;

/** One of a session's timers: its deadline, and the action scheduled to check it. */
interface TimerSlot {
  /** When the timer is due; `undefined` while disarmed. */
  due: number | undefined;
  /** When the pending action fires. */
  at: number;
  action: Subscription | null;
}

/** A user message the session wrote to the socket. */
export interface SentMessage {
  readonly text: string;
  /** The id the platform uses to suppress a repeated answer; the same on a resend. */
  readonly clientMessageId: string;
  /** True for the one resend after a drop cut the message's turn off. */
  readonly resend: boolean;
}

/**
 * One conversation over one shared connection, and its typed streams.
 *
 * The rules (turn gating, answer ownership, greetings, resends, deadlines,
 * conversation changes) live in a pure state machine (`machine/transition.ts`);
 * this class only feeds it socket events, user calls and timer fires, and
 * carries out the writes, emissions and timers it returns.
 *
 * A session is a resource, not a refcount: it connects when created and stays
 * connected (reconnecting and resuming as needed) until `close()`, `stop()`,
 * `session_ended` or a terminal error, however many subscribers come and go.
 * `session$` and `state$` replay their latest value; the other streams are
 * live. When the session is over every stream completes, for late subscribers
 * too, except `ended$`, which errors with a terminal error: that error also
 * fails every pending `send()`, and no other stream carries it, so code that
 * subscribes with `next` handlers alone never crashes on a terminal close.
 */
export class TextStreamSession {
  // Each stream exists only once read (`null` until then), and allocates its
  // subject only while someone subscribes to it. A replaying one starts from
  // what the session kept: its latest `session_started`, its state, how it
  // ended.
  #started: LazySubject<SessionStartedFrame> | null = null;
  #state: LazySubject<ConnectionState> | null = null;
  #ended: LazySubject<SessionEndedFrame> | null = null;
  #transcriptOut: LazySubject<Transcript> | null = null;
  #frames: LazySubject<ServerFrame> | null = null;
  #turns: LazySubject<Turn> | null = null;
  #typing: LazySubject<boolean> | null = null;
  #diagnostics: LazySubject<Diagnostic> | null = null;
  #reconnects: LazySubject<ReconnectAttempt> | null = null;
  #notices: LazySubject<SessionNotice> | null = null;
  #sent: LazySubject<SentMessage> | null = null;
  #messages: Observable<MessageFrame> | null = null;
  #errors: Observable<ErrorFrame> | null = null;
  #toolCalls: Observable<ToolCall> | null = null;
  /** `null` until `transcript$` is first read: a session nobody reads it from records nothing. */
  #transcript: Transcript | null = null;

  readonly #scheduler: SchedulerLike;
  readonly #newMessageId: () => string;
  readonly #userDiagnostic: ((diagnostic: Diagnostic) => void) | undefined;
  // Allocated on first use: an idle session holds no answers, timers or queued events.
  // In the order their messages were sent: the one settled is nearly always
  // the first, and an array, unlike a Map, allocates nothing per message.
  #answers: AwaitedAnswer<Turn>[] | null = null;
  // One slot per timer, as fields: a Map looked up twice a turn costs more.
  #greetingTimer: TimerSlot | null = null;
  #turnTimer: TimerSlot | null = null;
  #pending: SessionEvent[] | null = null;
  readonly #machine: OwnedTransition;
  /** The event each frame is dispatched as, reused while no dispatch is under way. */
  readonly #frameEvent: { type: 'frame'; frame: ServerFrame | null; at: number } = {
    type: 'frame',
    frame: null,
    at: 0,
  };
  #dispatching = false;
  #nextId = 0;
  /** Set the moment `close()` is called, so nothing is written after it. */
  #closing = false;
  #over = false;
  /** The terminal error that ended the session, if one did. */
  #failure: unknown;
  /** The `session_ended` frame that ended the session, if one did. */
  #endedWith: SessionEndedFrame | undefined = undefined;
  #lastStarted: SessionStartedFrame | undefined = undefined;
  /** The connection's open socket; `null` while none is open. */
  #socket: OpenSocket | null = null;
  #lastState: ConnectionState | null = null;
  #connection: Unsubscribable | undefined;

  // The link to the connection reaches the session's private members
  // through these, and nothing else does.
  static {
    internals = {
      receive: (session, frame) => session.#receive(frame),
      dispatch: (session, event) => session.#dispatch({ ...event, at: session.#now() }),
      stateChanged: (session, state, detail) => {
        if (state !== 'open') session.#socket = null;
        session.#setState(state);
        if (state === 'reconnecting' && detail !== undefined)
          session.#dispatch({ type: 'socket-lost', reconnect: detail, at: session.#now() });
      },
      opened: (session, socket) => {
        session.#socket = socket;
        session.#dispatch({ type: 'socket-opened', at: session.#now() });
      },
      diagnose: (session, diagnostic) => session.#diagnose(diagnostic),
    };
  }

  constructor(options: ConnectOptions) {
    const {
      messageShape = 'text',
      maxQueuedMessages = 100,
      greetingTimeoutMs = 5000,
      turnTimeoutMs = 120_000,
      clientMessageId = randomClientMessageId,
      turnLimits,
    } = options;
    if (messageShape !== 'text' && messageShape !== 'typed')
      throw new TypeError(
        `connect: messageShape must be 'text' or 'typed', got ${String(messageShape)}`,
      );
    if (!(Number.isInteger(maxQueuedMessages) && maxQueuedMessages >= 0))
      throw new TypeError(
        `connect: maxQueuedMessages must be a whole number, got ${String(maxQueuedMessages)}`,
      );
    checkDuration('greetingTimeoutMs', greetingTimeoutMs, true);
    checkDuration('turnTimeoutMs', turnTimeoutMs, false);
    if (typeof clientMessageId !== 'function')
      throw new TypeError('connect: clientMessageId must be a function returning a string');
    if (options.onDiagnostic !== undefined && typeof options.onDiagnostic !== 'function')
      throw new TypeError('connect: onDiagnostic must be a function');
    this.#userDiagnostic = options.onDiagnostic;
    // The session reports diagnostics itself (`#diagnose`), through its link.
    const config = resolveTextStreamOptions({ ...options, onDiagnostic: undefined });
    this.#scheduler = config.scheduler;
    this.#newMessageId = clientMessageId;
    const rules: SessionRules = {
      turnLimits: resolveTurnLimits(turnLimits),
      messageShape,
      maxQueuedMessages,
      greetingTimeoutMs,
      turnTimeoutMs,
    };
    this.#machine = new OwnedTransition(initialState(rules, config.conversationId));

    // The connection delivers straight to the session, its one consumer.
    const link = new ConnectionLink(this);
    const connection = openConnection(config, link, link);
    // The transport may have ended synchronously (a refused constructor, say).
    if (this.#over) connection.unsubscribe();
    else this.#connection = connection;
  }

  /** Every decoded frame but pings, live. */
  get frames$(): Observable<ServerFrame> {
    return (this.#frames ??= this.#live());
  }

  /** The latest `session_started` (a new one after each resume), replayed. */
  get session$(): Observable<SessionStartedFrame> {
    return (this.#started ??= this.#replaying(this.#lastStarted));
  }

  /** The agent's messages. */
  get messages$(): Observable<MessageFrame> {
    return (this.#messages ??= this.frames$.pipe(onlyMessages));
  }

  /** Tool calls paired by `call_id`, as their frames arrive. */
  get toolCalls$(): Observable<ToolCall> {
    if (this.#toolCalls === null) {
      const frames = this.frames$;
      const limits = this.#machine.state.rules.turnLimits;
      this.#toolCalls = new Observable<ToolCall>((subscriber) =>
        frames.pipe(pairToolCalls({ limits })).subscribe(subscriber),
      );
    }
    return this.#toolCalls;
  }

  /** Every turn, greetings included, as it completes (or is cut off: `complete: false`). */
  get turns$(): Observable<Turn> {
    return (this.#turns ??= this.#live());
  }

  /** True while the agent is working on an answer: from `typing` to its message or the turn's end. */
  get typing$(): Observable<boolean> {
    return (this.#typing ??= this.#live());
  }

  /** Recoverable `error` frames. */
  get errors$(): Observable<ErrorFrame> {
    return (this.#errors ??= this.frames$.pipe(onlyErrors));
  }

  /** Inbound frames that were dropped, and why. */
  get diagnostics$(): Observable<Diagnostic> {
    return (this.#diagnostics ??= this.#live());
  }

  /** The connection's state, replayed: `connecting`, `open`, `reconnecting`, `closed`. */
  get state$(): Observable<ConnectionState> {
    return (this.#state ??= this.#replaying(this.#lastState ?? undefined));
  }

  /** Each reconnect the session schedules: attempt, budget, delay and cause. */
  get reconnects$(): Observable<ReconnectAttempt> {
    return (this.#reconnects ??= this.#live());
  }

  /** What the session did or saw besides frames: reconnects, resumes, timeouts, stray frames. */
  get notices$(): Observable<SessionNotice> {
    return (this.#notices ??= this.#live());
  }

  /**
   * The `session_ended` frame, then completion; completes empty after
   * `close()`; errors with the terminal error (a terminal close code, a spent
   * retry budget) — the one stream that does.
   */
  get ended$(): Observable<SessionEndedFrame> {
    if (this.#ended === null) {
      const ended = (this.#ended = new LazySubject<SessionEndedFrame>(true));
      if (this.#endedWith !== undefined) ended.next(this.#endedWith);
      if (this.#over) this.#endStream(ended);
    }
    return this.#ended;
  }

  /** Each user message as it really goes out; `resend` marks the one resend after a drop. */
  get sent$(): Observable<SentMessage> {
    return (this.#sent ??= this.#live());
  }

  /** A live stream, read for the first time: one that has ended completes at once. */
  #live<T>(): LazySubject<T> {
    const stream = new LazySubject<T>();
    if (this.#over) stream.complete();
    return stream;
  }

  /** A replaying stream, read for the first time: `latest` first, if there is one. */
  #replaying<T>(latest: T | undefined): LazySubject<T> {
    const stream = new LazySubject<T>(true);
    if (latest !== undefined) stream.next(latest);
    if (this.#over) stream.complete();
    return stream;
  }

  /** `ended$` errors with the terminal error; every other stream completes. */
  #endStream(ended: LazySubject<SessionEndedFrame>): void {
    if (this.#failure === undefined) ended.complete();
    else ended.error(this.#failure);
  }

  /**
   * The whole conversation, replayed to late subscribers: user messages with
   * their status, agent turns (live while they arrive, while someone
   * watches), and notices (reconnects, resumes, conversation changes,
   * timeouts). A new immutable array on every change: what a chat UI renders.
   *
   * Recording starts the first time this property is read, so a session
   * nobody reads it from (a backend holding thousands) keeps no transcript.
   * Read it when you connect, as a chat UI does, to have the whole
   * conversation; every subscriber from then on, however late, gets all of it.
   */
  get transcript$(): Observable<Transcript> {
    if (this.#transcriptOut === null) {
      this.#transcript = [];
      // Read after the end, it completes at once: nothing was recorded.
      this.#transcriptOut = this.#replaying(this.#over ? undefined : this.#transcript);
    }
    return this.#transcriptOut;
  }

  /**
   * Sends a user message and emits the turn that answers it. Messages are sent
   * whether or not the result is subscribed, one at a time: each waits for the
   * previous turn's `response_complete` (and for a possible greeting), as the
   * protocol requires.
   *
   * Always settles: with the answering `Turn`, or with `SendQueueFullError`,
   * `TurnTimeoutError`, `ConversationChangedError`, `SessionClosedError` or the
   * session's terminal error.
   */
  send(text: string): Observable<Turn> {
    if (typeof text !== 'string') throw new TypeError('send: text must be a string');
    if (this.#over || this.#closing) return throwError(() => this.#refusal());
    const answer = new Answer<Turn>(this.#nextId + 1);
    this.#enqueue(text, answer);
    return answer;
  }

  /**
   * {@link send} for `async` code: the answering `Turn` as a promise. The
   * same message, queue, rules and errors (a bad `text` rejects with a
   * `TypeError`), and cheaper than `firstValueFrom(session.send(text))`: no
   * subscriber is made. Like any promise, it must be awaited or caught: a
   * failure nobody handles is an unhandled rejection.
   *
   * ```ts
   * const turn = await session.ask('Can I move my appointment?');
   * ```
   */
  ask(text: string): Promise<Turn> {
    if (typeof text !== 'string')
      return Promise.reject(new TypeError('ask: text must be a string'));
    if (this.#over || this.#closing) return Promise.reject(this.#refusal());
    return new Promise<Turn>((resolve, reject) =>
      this.#enqueue(text, new PromisedAnswer(this.#nextId + 1, resolve, reject)),
    );
  }

  // Why a message sent now is refused: after a terminal error, a late
  // send() learns why, not just that.
  #refusal(): Error {
    const failure = this.#failure;
    return failure instanceof Error
      ? failure
      : new SessionClosedError('the session is over; nothing was sent');
  }

  // Queues message `answer.id` (the next id) for the machine to write when the protocol allows.
  #enqueue(text: string, answer: AwaitedAnswer<Turn>): void {
    const id = (this.#nextId = answer.id);
    if (this.#answers === null) this.#answers = [answer];
    else this.#answers.push(answer);
    const clientMessageId = this.#newMessageId();
    if (this.#transcript !== null) this.#record({ type: 'queued', id, text, clientMessageId });
    this.#dispatch({
      type: 'send',
      // Bound to the conversation it is sent in, so the machine need not copy it.
      message: { id, text, clientMessageId, conversationId: this.#machine.state.conversationId },
      at: this.#now(),
    });
  }

  /**
   * Asks the server to end the session once every message sent before has
   * been answered; emits its `session_ended` and completes. Messages sent
   * after `stop()` fail with `SessionClosedError`.
   */
  stop(): Observable<SessionEndedFrame> {
    this.#dispatch({ type: 'stop', at: this.#now() });
    return this.ended$;
  }

  /** Drops the connection (closing the socket with 1000) and ends every stream. */
  close(): void {
    this.#closing = true;
    this.#dispatch({ type: 'close', at: this.#now() });
  }

  // Each frame as one reused event object, unless it has to wait in the
  // queue (it arrived while another event is handled, or after an effect
  // threw and left events behind): then it waits as its own object.
  // Its one clock read stamps the event (the machine reads no clock).
  #receive(frame: ServerFrame): void {
    const at = this.#scheduler.now();
    if (this.#dispatching || this.#pending !== null)
      return this.#dispatch({ type: 'frame', frame, at });
    const event = this.#frameEvent;
    event.frame = frame;
    event.at = at;
    try {
      this.#dispatch(event as SessionEvent);
    } finally {
      event.frame = null;
    }
  }

  // Events raised while effects run (a subscriber calling send() or close())
  // wait for the current transition's effects to finish, so every effect runs
  // against the state that produced it.
  #dispatch(event: SessionEvent): void {
    if (this.#dispatching) {
      (this.#pending ??= []).push(event);
      return;
    }
    this.#dispatching = true;
    try {
      // Events left over by an effect that threw go first, as they came.
      let next: SessionEvent | undefined = event;
      if (this.#pending !== null && this.#pending.length > 0) {
        this.#pending.push(event);
        next = this.#pending.shift();
      }
      const machine = this.#machine;
      while (next !== undefined) {
        const count = machine.apply(next);
        for (let index = 0; index < count; index += 1) this.#run(machine.take(index));
        // A turn on its way shows in the transcript frame by frame, for
        // whoever watches it; the finished turn is always recorded.
        const { state } = machine;
        if (
          this.#transcript !== null &&
          next.type === 'frame' &&
          isTurnFrame(next.frame) &&
          state.turn !== undefined &&
          this.#transcriptOut?.observed === true
        )
          this.#record({
            type: 'turn',
            turn: state.turn.assembler.snapshot(next.at),
            live: true,
            answers: state.turn.owner,
          });
        next = this.#pending?.shift();
      }
      this.#pending = null;
    } finally {
      this.#dispatching = false;
    }
  }

  #run(effect: SessionEffect): void {
    switch (effect.type) {
      case 'write': {
        if (this.#closing || this.#socket === null) return;
        this.#socket.write(JSON.stringify(effect.frame));
        if (effect.message !== undefined) {
          const { message, resend } = effect.message;
          if (this.#transcript !== null) this.#record({ type: 'written', id: message.id, resend });
          if (this.#sent?.observed === true)
            this.#sent.next({
              text: message.text,
              clientMessageId: message.clientMessageId,
              resend,
            });
        }
        return;
      }
      case 'answer': {
        const answer = this.#takeAnswer(effect.id);
        if (this.#transcript !== null) this.#record({ type: 'answered', id: effect.id });
        answer?.resolve(effect.turn);
        return;
      }
      case 'fail': {
        const answer = this.#takeAnswer(effect.id);
        this.#record({ type: 'failed', id: effect.id, error: effect.error });
        answer?.fail(effect.error);
        return;
      }
      case 'frame':
        return this.#frames?.next(effect.frame);
      case 'session':
        this.#lastStarted = effect.frame;
        return this.#started?.next(effect.frame);
      case 'turn':
        if (this.#transcript !== null)
          this.#record({ type: 'turn', turn: effect.turn, live: false, answers: effect.owner });
        return this.#turns?.next(effect.turn);
      case 'typing':
        return this.#typing?.next(effect.typing);
      case 'notice':
        // Stray frames are for logs, not for the conversation a user reads;
        // a greeting wait passes, and the message's own entry says it is queued.
        if (effect.notice.kind !== 'stray-frame' && effect.notice.kind !== 'awaiting-greeting')
          this.#record({ type: 'notice', notice: effect.notice });
        return this.#notices?.next(effect.notice);
      case 'diagnostic':
        // The machine's own (a turn limit): a throwing callback is reported
        // as rxjs reports a throwing subscriber, and the step goes on.
        try {
          this.#userDiagnostic?.(effect.diagnostic);
        } catch (error) {
          reportUnhandled(error);
        }
        this.#diagnostics?.next(effect.diagnostic);
        return;
      case 'reconnecting':
        return this.#reconnects?.next(effect.reconnect);
      case 'arm':
        return this.#arm(effect.timer, effect.delayMs);
      case 'disarm': {
        // Only the deadline is forgotten: the scheduled action, if any, lapses
        // when it fires, or serves the next arm (a turn timer is armed and
        // disarmed once per turn, and cancelling a timer costs as much as
        // setting one).
        const slot = this.#timerSlot(effect.timer);
        if (slot !== null) slot.due = undefined;
        return;
      }
      case 'abort':
        // A client-side close code: not in the platform's table, so the
        // transport treats it as a drop and resumes.
        this.#socket?.abort(new CloseError(4000, effect.reason));
        return;
      case 'finish':
        return this.#finish(
          effect.outcome.kind === 'ended' ? effect.outcome.frame : undefined,
          effect.outcome.kind === 'failed' ? effect.outcome.error : undefined,
        );
      default: {
        const unknown: never = effect;
        throw new TypeError(`unknown session effect ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The answer to message `id`, no longer awaited; `undefined` if it is not. */
  #takeAnswer(id: number): AwaitedAnswer<Turn> | undefined {
    const answers = this.#answers;
    if (answers === null) return undefined;
    for (let index = 0; index < answers.length; index += 1) {
      const answer = answers[index] as AwaitedAnswer<Turn>;
      if (answer.id !== id) continue;
      if (index === 0) answers.shift();
      else answers.splice(index, 1);
      return answer;
    }
    return undefined;
  }

  #timerSlot(timer: SessionTimer): TimerSlot | null {
    return timer === 'turn' ? this.#turnTimer : this.#greetingTimer;
  }

  #arm(timer: SessionTimer, delayMs: number): void {
    const scheduler = this.#scheduler;
    const due = scheduler.now() + delayMs;
    let slot = this.#timerSlot(timer);
    if (slot === null) {
      slot = { due, at: Infinity, action: null };
      if (timer === 'turn') this.#turnTimer = slot;
      else this.#greetingTimer = slot;
    }
    slot.due = due;
    // A pending action due no later than the new deadline is kept: when it
    // fires early it re-arms for what is left, as the transport's watchdog does.
    if (slot.action !== null && slot.at <= due) return;
    slot.action?.unsubscribe();
    slot.at = due;
    const armed = slot;
    const fire = (): void => this.#dispatch({ type: 'timer', timer, at: scheduler.now() });
    armed.action = scheduler.schedule(function (this: SchedulerAction<undefined>) {
      const deadline = armed.due;
      if (deadline === undefined) {
        armed.action = null;
        return;
      }
      const left = deadline - scheduler.now();
      if (left > 0) {
        armed.at = deadline;
        this.schedule(undefined, left);
        return;
      }
      armed.due = undefined;
      armed.action = null;
      fire();
    }, delayMs);
  }

  /** The session's clock: what every event it dispatches is stamped with. */
  #now(): number {
    return this.#scheduler.now();
  }

  #record(change: TranscriptChange): void {
    if (this.#transcript === null) return;
    this.#transcript = updateTranscript(this.#transcript, change);
    this.#transcriptOut?.next(this.#transcript);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#lastState || this.#over) return;
    this.#lastState = state;
    this.#state?.next(state);
  }

  /** A frame that did not decode: a throwing callback ends the connection with its error, as in `decodeFrames`. */
  #diagnose(diagnostic: Diagnostic): void {
    this.#userDiagnostic?.(diagnostic);
    this.#diagnostics?.next(diagnostic);
  }

  #finish(ended: SessionEndedFrame | undefined, error: unknown): void {
    this.#over = true;
    this.#failure = error;
    this.#socket = null;
    this.#turnTimer?.action?.unsubscribe();
    this.#greetingTimer?.action?.unsubscribe();
    this.#turnTimer = this.#greetingTimer = null;
    this.#endedWith = ended;
    if (ended !== undefined) this.#ended?.next(ended);
    this.#connection?.unsubscribe();
    if (this.#lastState !== 'closed') this.#state?.next('closed');
    this.#lastState = 'closed';
    if (this.#ended !== null) this.#endStream(this.#ended);
    for (const subject of [
      this.#frames,
      this.#started,
      this.#turns,
      this.#typing,
      this.#diagnostics,
      this.#state,
      this.#reconnects,
      this.#notices,
      this.#sent,
      this.#transcriptOut,
    ] as const) {
      subject?.complete();
    }
  }
}

/**
 * A session's one listener on its connection: its frames, its end, its
 * state and its socket, as methods of one small object rather than a
 * closure each (a process may hold thousands of sessions).
 */
class ConnectionLink implements FrameSink, ConnectionHooks {
  readonly #session: TextStreamSession;

  constructor(session: TextStreamSession) {
    this.#session = session;
  }

  next(frame: ServerFrame): void {
    try {
      internals.receive(this.#session, frame);
    } catch (error) {
      reportUnhandled(error);
    }
  }

  error(error: unknown): void {
    this.#ended({ type: 'transport-ended', error });
  }

  complete(): void {
    this.#ended({ type: 'transport-ended' });
  }

  onState(state: ConnectionState, detail?: ReconnectDetail): void {
    internals.stateChanged(this.#session, state, detail);
  }

  onOpen(socket: OpenSocket): void {
    internals.opened(this.#session, socket);
  }

  onDiagnostic(diagnostic: Diagnostic): void {
    internals.diagnose(this.#session, diagnostic);
  }

  #ended(event: SessionHappening): void {
    try {
      internals.dispatch(this.#session, event);
    } catch (thrown) {
      reportUnhandled(thrown);
    }
  }
}

// What a subscriber does with an error thrown while it handles a frame: it
// must not escape into the socket's event loop, and reaches rxjs's
// `onUnhandledError` (or is thrown on a later tick), as rxjs reports it.
function reportUnhandled(error: unknown): void {
  setTimeout(() => {
    const { onUnhandledError } = rxjsConfig;
    if (onUnhandledError === null) throw error;
    onUnhandledError(error);
  });
}

function checkDuration(name: string, value: unknown, zeroAllowed: boolean): void {
  if (value === false) return;
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (value > 0 || (zeroAllowed && value === 0))
  )
    return;
  throw new TypeError(
    `connect: ${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number of milliseconds or false, got ${String(value)}`,
  );
}
