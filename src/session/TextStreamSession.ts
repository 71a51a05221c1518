import {
  AsyncSubject,
  connectable,
  filter,
  map,
  merge,
  type Observable,
  ReplaySubject,
  scan,
  type SchedulerLike,
  startWith,
  Subject,
  type Subscription,
  throwError,
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
import { pairToolCalls } from '../operators/pairToolCalls.js';
import { connectionFrames } from '../transport/connectionFrames.js';
import type { ConnectionState } from '../transport/ConnectionState.js';
import { resolveTextStreamOptions } from '../transport/TextStreamOptions.js';
import { randomClientMessageId } from './clientMessageIds.js';
import type { ConnectOptions } from './ConnectOptions.js';
import { SessionClosedError } from './errors.js';
import type { Transcript, TranscriptEntry } from './Transcript.js';
import type { SessionEffect } from './machine/SessionEffect.js';
import type { ReconnectAttempt, SessionEvent, SessionTimer } from './machine/SessionEvent.js';
import type { SessionNotice } from './machine/SessionNotice.js';
import { initialState, type SessionRules, type SessionState } from './machine/SessionState.js';
import { transition } from './machine/transition.js';

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
  /** Every decoded frame but pings, live. */
  readonly frames$: Observable<ServerFrame>;
  /** The latest `session_started` (a new one after each resume), replayed. */
  readonly session$: Observable<SessionStartedFrame>;
  /** The agent's messages. */
  readonly messages$: Observable<MessageFrame>;
  /** Tool calls paired by `call_id`, as their frames arrive. */
  readonly toolCalls$: Observable<ToolCall>;
  /** Every turn, greetings included, as it completes (or is cut off: `complete: false`). */
  readonly turns$: Observable<Turn>;
  /** True while the agent is working on an answer: from `typing` to its message or the turn's end. */
  readonly typing$: Observable<boolean>;
  /** Recoverable `error` frames. */
  readonly errors$: Observable<ErrorFrame>;
  /** Inbound frames that were dropped, and why. */
  readonly diagnostics$: Observable<Diagnostic>;
  /** The connection's state, replayed: `connecting`, `open`, `reconnecting`, `closed`. */
  readonly state$: Observable<ConnectionState>;
  /** Each reconnect the session schedules: attempt, budget, delay and cause. */
  readonly reconnects$: Observable<ReconnectAttempt>;
  /** What the session did or saw besides frames: reconnects, resumes, timeouts, stray frames. */
  readonly notices$: Observable<SessionNotice>;
  /**
   * The `session_ended` frame, then completion; completes empty after
   * `close()`; errors with the terminal error (a terminal close code, a spent
   * retry budget) — the one stream that does.
   */
  readonly ended$: Observable<SessionEndedFrame>;
  /** Each user message as it really goes out; `resend` marks the one resend after a drop. */
  readonly sent$: Observable<SentMessage>;
  /** TEMP stub (to be replaced by the real transcript$): sent messages, turns and notices, replayed. */
  readonly transcript$: Observable<Transcript>;

  readonly #frames = new Subject<ServerFrame>();
  readonly #started = new ReplaySubject<SessionStartedFrame>(1);
  readonly #turns = new Subject<Turn>();
  readonly #typing = new Subject<boolean>();
  readonly #diagnostics = new Subject<Diagnostic>();
  readonly #state = new ReplaySubject<ConnectionState>(1);
  readonly #reconnects = new Subject<ReconnectAttempt>();
  readonly #notices = new Subject<SessionNotice>();
  readonly #ended = new ReplaySubject<SessionEndedFrame>(1);
  readonly #sent = new Subject<SentMessage>();

  readonly #scheduler: SchedulerLike;
  readonly #newMessageId: () => string;
  readonly #onDiagnostic: (diagnostic: Diagnostic) => void;
  readonly #answers = new Map<number, AsyncSubject<Turn>>();
  readonly #timers = new Map<SessionTimer, Subscription>();
  readonly #pending: SessionEvent[] = [];
  #machine: SessionState;
  #dispatching = false;
  #nextId = 0;
  /** Set the moment `close()` is called, so nothing is written after it. */
  #closing = false;
  #over = false;
  #write: ((data: string) => void) | null = null;
  #abort: ((cause: Error) => void) | null = null;
  #lastState: ConnectionState | null = null;
  #connection: Subscription | undefined;

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
    this.#onDiagnostic = (diagnostic) => {
      options.onDiagnostic?.(diagnostic);
      this.#diagnostics.next(diagnostic);
    };
    const config = resolveTextStreamOptions({ ...options, onDiagnostic: this.#onDiagnostic });
    this.#scheduler = config.scheduler;
    this.#newMessageId = clientMessageId;
    const rules: SessionRules = {
      turnLimits: resolveTurnLimits(turnLimits),
      messageShape,
      maxQueuedMessages,
      greetingTimeoutMs,
      turnTimeoutMs,
    };
    this.#machine = initialState(rules, config.conversationId);

    this.frames$ = this.#frames.asObservable();
    this.session$ = this.#started.asObservable();
    this.messages$ = this.#frames.pipe(
      filter((frame): frame is MessageFrame => frame.type === 'message'),
    );
    this.errors$ = this.#frames.pipe(
      filter((frame): frame is ErrorFrame => frame.type === 'error'),
    );
    this.toolCalls$ = this.#frames.pipe(pairToolCalls({ limits: rules.turnLimits }));
    this.turns$ = this.#turns.asObservable();
    this.typing$ = this.#typing.asObservable();
    this.diagnostics$ = this.#diagnostics.asObservable();
    this.state$ = this.#state.asObservable();
    this.reconnects$ = this.#reconnects.asObservable();
    this.notices$ = this.#notices.asObservable();
    this.ended$ = this.#ended.asObservable();
    this.sent$ = this.#sent.asObservable();
    let userIds = 0;
    const transcript = connectable(
      merge(
        this.#sent.pipe(
          filter((sent) => !sent.resend),
          map((sent): TranscriptEntry => ({
            kind: 'user',
            id: (userIds += 1),
            text: sent.text,
            clientMessageId: sent.clientMessageId,
            status: 'sent',
            resent: false,
          })),
        ),
        this.#turns.pipe(map((turn): TranscriptEntry => ({ kind: 'agent', turn, live: false }))),
        this.#notices.pipe(map((notice): TranscriptEntry => ({ kind: 'notice', notice }))),
      ).pipe(
        scan((entries: Transcript, entry) => [...entries, entry], []),
        startWith([] as Transcript),
      ),
      { connector: () => new ReplaySubject<Transcript>(1), resetOnDisconnect: false },
    );
    transcript.connect();
    this.transcript$ = transcript;

    const connection = connectionFrames(config, {
      onState: (state, detail) => {
        if (state !== 'open') this.#write = this.#abort = null;
        this.#setState(state);
        if (state === 'reconnecting' && detail !== undefined)
          this.#dispatch({ type: 'socket-lost', reconnect: detail });
      },
      onOpen: (write, abort) => {
        this.#write = write;
        this.#abort = abort;
        this.#dispatch({ type: 'socket-opened' });
      },
    }).subscribe({
      next: (frame) => this.#dispatch({ type: 'frame', frame }),
      error: (error: unknown) => this.#dispatch({ type: 'transport-ended', error }),
      complete: () => this.#dispatch({ type: 'transport-ended' }),
    });
    // The transport may have ended synchronously (a refused constructor, say).
    if (this.#over) connection.unsubscribe();
    else this.#connection = connection;
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
    if (this.#over || this.#closing)
      return throwError(() => new SessionClosedError('the session is over; nothing was sent'));
    const id = (this.#nextId += 1);
    const answer = new AsyncSubject<Turn>();
    this.#answers.set(id, answer);
    this.#dispatch({
      type: 'send',
      message: { id, text, clientMessageId: this.#newMessageId(), conversationId: undefined },
    });
    return answer.asObservable();
  }

  /**
   * Asks the server to end the session once every message sent before has
   * been answered; emits its `session_ended` and completes. Messages sent
   * after `stop()` fail with `SessionClosedError`.
   */
  stop(): Observable<SessionEndedFrame> {
    this.#dispatch({ type: 'stop' });
    return this.ended$;
  }

  /** Drops the connection (closing the socket with 1000) and ends every stream. */
  close(): void {
    this.#closing = true;
    this.#dispatch({ type: 'close' });
  }

  // Events raised while effects run (a subscriber calling send() or close())
  // wait for the current transition's effects to finish, so every effect runs
  // against the state that produced it.
  #dispatch(event: SessionEvent): void {
    this.#pending.push(event);
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let next = this.#pending.shift(); next !== undefined; next = this.#pending.shift()) {
        const { state, effects } = transition(this.#machine, next);
        this.#machine = state;
        for (const effect of effects) this.#run(effect);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #run(effect: SessionEffect): void {
    switch (effect.type) {
      case 'write': {
        if (this.#closing || this.#write === null) return;
        this.#write(JSON.stringify(effect.frame));
        if (effect.message !== undefined) {
          const { message, resend } = effect.message;
          this.#sent.next({ text: message.text, clientMessageId: message.clientMessageId, resend });
        }
        return;
      }
      case 'answer': {
        const answer = this.#answers.get(effect.id);
        this.#answers.delete(effect.id);
        answer?.next(effect.turn);
        answer?.complete();
        return;
      }
      case 'fail': {
        const answer = this.#answers.get(effect.id);
        this.#answers.delete(effect.id);
        answer?.error(effect.error);
        return;
      }
      case 'frame':
        return this.#frames.next(effect.frame);
      case 'session':
        return this.#started.next(effect.frame);
      case 'turn':
        return this.#turns.next(effect.turn);
      case 'typing':
        return this.#typing.next(effect.typing);
      case 'notice':
        return this.#notices.next(effect.notice);
      case 'diagnostic':
        this.#onDiagnostic(effect.diagnostic);
        return;
      case 'reconnecting':
        return this.#reconnects.next(effect.reconnect);
      case 'arm': {
        this.#timers.get(effect.timer)?.unsubscribe();
        const timer = effect.timer;
        this.#timers.set(
          timer,
          this.#scheduler.schedule(() => {
            this.#timers.delete(timer);
            this.#dispatch({ type: 'timer', timer });
          }, effect.delayMs),
        );
        return;
      }
      case 'disarm':
        this.#timers.get(effect.timer)?.unsubscribe();
        this.#timers.delete(effect.timer);
        return;
      case 'abort':
        // A client-side close code: not in the platform's table, so the
        // transport treats it as a drop and resumes.
        this.#abort?.(new CloseError(4000, effect.reason));
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

  #setState(state: ConnectionState): void {
    if (state === this.#lastState || this.#over) return;
    this.#lastState = state;
    this.#state.next(state);
  }

  #finish(ended: SessionEndedFrame | undefined, error: unknown): void {
    this.#over = true;
    this.#write = this.#abort = null;
    for (const timer of this.#timers.values()) timer.unsubscribe();
    this.#timers.clear();
    if (ended !== undefined) this.#ended.next(ended);
    this.#connection?.unsubscribe();
    if (this.#lastState !== 'closed') this.#state.next('closed');
    this.#lastState = 'closed';
    if (error === undefined) this.#ended.complete();
    else this.#ended.error(error);
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
    ] as const) {
      subject.complete();
    }
  }
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
