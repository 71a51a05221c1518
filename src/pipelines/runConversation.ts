import {
  asyncScheduler,
  Observable,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
} from 'rxjs';
import { clip } from '../protocol/clip.js';
import type { SessionEndedFrame } from '../protocol/serverFrames.js';
import type { ToolCall } from '../protocol/ToolCall.js';
import type { Turn } from '../protocol/Turn.js';
import type { ConnectOptions } from '../session/ConnectOptions.js';
import { connect } from '../session/connect.js';
import { SessionClosedError } from '../session/errors.js';
import type { TextStreamSession } from '../session/TextStreamSession.js';
import type { ConversationScript, TurnExpectation } from './ConversationScript.js';
import { failureOf } from './failureOf.js';
import type {
  ConversationEvent,
  ConversationFailure,
  ToolCallSummary,
  TurnEvent,
} from './RunEvent.js';
import type { RunOptions } from './RunOptions.js';
import { unmetExpectations } from './unmetExpectations.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

// Shared by every turn without tool calls or errors.
const none: readonly never[] = [];

const noGreeting = 'expected no greeting';

function summaryOf(call: ToolCall): ToolCallSummary {
  return { name: call.toolName, succeeded: call.succeeded, status: call.status };
}

/**
 * Runs one scripted conversation on its own session (`connect(options)`,
 * with `toolEvents: true` unless set): sends the script's turns one after
 * another, each once the previous one is answered, and emits a
 * {@link TurnEvent} for each answered turn (and for the greeting, when the
 * script says the agent greets), then one {@link ConversationEvent}, then
 * completes.
 *
 * A failing conversation (terminal close, spent reconnect budget, turn
 * timeout, unmet expectation, `session_ended` too soon) is reported in the
 * conversation event (`ok: false`, `error`), never as an error of the
 * stream; the first unmet expectation ends it (later turns would answer a
 * conversation that already went wrong). Only a bad option errors the
 * stream (the `TypeError` `connect` throws).
 *
 * Once every turn is answered the session is ended as `options.end` says
 * (`'stop'` by default: the server is asked to end it and its
 * `session_ended` awaited); unsubscribing closes the socket at once.
 *
 * ```
 * script: { id: 'c1', turns: ['Hi', 'next Tuesday'] }
 * result: ----t0-----t1--c|     t: turn event, c: conversation event
 * ```
 *
 * ## Example
 * ```ts
 * import { runConversation } from 'rxjs-text-stream';
 *
 * runConversation({ id: 'c1', turns: ['I need to reschedule'] }, { url }).subscribe((event) =>
 *   console.log(JSON.stringify(event)),
 * );
 * ```
 */
export function runConversation(
  script: ConversationScript,
  options: RunOptions,
): Observable<TurnEvent | ConversationEvent> {
  return runPrepared(script, prepareRun(options));
}

/** {@link RunOptions} checked once and turned into what each conversation's session is given. */
export interface PreparedRun {
  /** `connect`'s options, `toolEvents` on unless set. */
  readonly session: ConnectOptions;
  /** The same, for a script that says the agent never greets. */
  readonly silentSession: ConnectOptions;
  readonly end: 'stop' | 'close';
  readonly stopTimeoutMs: number;
  readonly greetingWaitMs: number;
  readonly scheduler: SchedulerLike;
}

/** Checks `options` (a `TypeError` for a bad one) once for any number of conversations. */
export function prepareRun(options: RunOptions): PreparedRun {
  const { end = 'stop', stopTimeoutMs = 5000, ...connectOptions } = options;
  if (end !== 'stop' && end !== 'close')
    throw new TypeError(`runConversation: end must be 'stop' or 'close', got ${String(end)}`);
  if (!(stopTimeoutMs > 0 && Number.isFinite(stopTimeoutMs)))
    throw new TypeError(
      `runConversation: stopTimeoutMs must be a positive number, got ${String(stopTimeoutMs)}`,
    );
  // A promised greeting is waited for as long as the session would wait for a possible one.
  const { greetingTimeoutMs } = connectOptions;
  const session: ConnectOptions = { toolEvents: true, ...connectOptions };
  return {
    session,
    silentSession: { ...session, greetingTimeoutMs: 0 },
    end,
    stopTimeoutMs,
    greetingWaitMs:
      typeof greetingTimeoutMs === 'number' && greetingTimeoutMs > 0 ? greetingTimeoutMs : 5000,
    scheduler: connectOptions.scheduler ?? asyncScheduler,
  };
}

/** {@link runConversation} with its options already prepared. */
export function runPrepared(
  script: ConversationScript,
  run: PreparedRun,
): Observable<TurnEvent | ConversationEvent> {
  return new Observable<TurnEvent | ConversationEvent>((subscriber) => {
    const conversation = new ConversationRun(script, subscriber, run);
    conversation.start(connect(script.greets === false ? run.silentSession : run.session));
    return () => conversation.dispose();
  });
}

/** One conversation in progress: its session, where it stands, what it has seen. */
class ConversationRun {
  #session: TextStreamSession | null = null;
  readonly #scheduler: SchedulerLike;
  readonly #startedAt: number;
  readonly #latencies: number[] = [];
  readonly #subscriptions: Subscription[] = [];
  #reconnects = 0;
  /** Script turns answered so far. */
  #answered = 0;
  /** The turn under way (`-1`: the greeting), for failures. */
  #current = -1;
  #endedWith: SessionEndedFrame | undefined;
  /** What ended the session, if it ended in error. */
  #terminal: unknown;
  /** A failure the run decided on itself (an unmet expectation, a timeout), which explains the end. */
  #failure: ConversationFailure | undefined;
  /** A `send()` error, kept until the session's end says what it meant. */
  #sendError: unknown;
  #greetingTimer: Subscription | undefined;
  #inFlight: Subscription | undefined;
  /** The turn under way's message and expectation. */
  #text = '';
  #expect: TurnExpectation | undefined;
  #stopTimer: Subscription | undefined;
  #done = false;

  constructor(
    readonly script: ConversationScript,
    readonly subscriber: Subscriber<TurnEvent | ConversationEvent>,
    readonly run: PreparedRun,
  ) {
    this.#scheduler = run.scheduler;
    this.#startedAt = run.scheduler.now();
  }

  start(session: TextStreamSession): void {
    this.#session = session;
    const subs = this.#subscriptions;
    subs.push(session.reconnects$.subscribe(() => (this.#reconnects += 1)));
    // The session's end settles the conversation, whatever led to it.
    subs.push(
      session.ended$.subscribe({
        next: (frame) => (this.#endedWith = frame),
        error: (error: unknown) => {
          this.#terminal = error;
          this.#finish();
        },
        complete: () => this.#finish(),
      }),
    );
    if (this.#done) return;
    if (this.script.greets === true) this.#awaitGreeting(session);
    else {
      if (this.script.greets === false) this.#refuseGreeting(session);
      this.#send(0);
    }
  }

  dispose(): void {
    this.#done = true;
    this.#stopTimer?.unsubscribe();
    this.#greetingTimer?.unsubscribe();
    this.#inFlight?.unsubscribe();
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.#session?.close();
  }

  /**
   * The first turn, before anything is sent, is the greeting; then turn 0
   * goes out. None within the greeting wait (counted from `session_started`)
   * fails the script's promise that the agent greets.
   */
  #awaitGreeting(session: TextStreamSession): void {
    const subs = this.#subscriptions;
    const waited = this.run.greetingWaitMs;
    const greeting = session.turns$.subscribe((turn) => {
      greeting.unsubscribe();
      this.#greetingTimer?.unsubscribe();
      const unmet = this.#emitTurn(-1, null, turn, undefined);
      if (this.#done) return;
      if (unmet.length > 0) return this.#failExpectation(-1, unmet);
      this.#send(0);
    });
    subs.push(greeting);
    const started = session.session$.subscribe(() => {
      started.unsubscribe();
      if (greeting.closed) return;
      this.#greetingTimer = this.#scheduler.schedule(() => {
        greeting.unsubscribe();
        this.#fail({
          reason: 'expectation',
          retryable: false,
          message: `the script says the agent greets, but no greeting came within ${waited} ms`,
          turn: -1,
          unmet: ['expected a greeting'],
        });
      }, waited);
    });
    subs.push(started);
  }

  /**
   * With no wait for a greeting, a greeting that does come is taken for the
   * first message's answer, and each answer after it for the next message's:
   * the run would pass on shifted answers. The one sign of it is the last
   * real answer, which arrives when no message awaits one (an unsolicited
   * turn, no `sentAt`): a turn nobody asked for fails the script's promise.
   */
  #refuseGreeting(session: TextStreamSession): void {
    this.#subscriptions.push(
      session.turns$.subscribe((turn) => {
        if (turn.timing.sentAt !== undefined || this.#done) return;
        this.#emitUnasked(turn);
        this.#fail({
          reason: 'expectation',
          retryable: false,
          message:
            "the agent greeted, but the script says greets: false (a turn came that answers no message: each answer was taken for the next message's)",
          turn: -1,
          unmet: [noGreeting],
        });
      }),
    );
  }

  /** The turn nobody asked for, as turn `-1`, so the shifted text can be seen. */
  #emitUnasked(turn: Turn): void {
    this.subscriber.next({
      type: 'turn',
      id: this.script.id,
      index: -1,
      sent: null,
      text: turn.text,
      toolCalls: turn.toolCalls.map(summaryOf),
      errors: turn.errors.map((error) => error.message),
      complete: turn.complete,
      latencyMs: null,
      timing: turn.timing,
      ok: false,
      unmet: [noGreeting],
    });
  }

  #send(index: number): void {
    const turns = this.script.turns;
    if (index >= turns.length) return this.#endSession();
    const session = this.#session as TextStreamSession;
    const step = turns[index] as string | { text: string; expect?: TurnExpectation };
    const text = typeof step === 'string' ? step : step.text;
    const expect = typeof step === 'string' ? undefined : step.expect;
    this.#current = index;
    this.#text = text;
    this.#expect = expect;
    // One answer awaited at a time: its subscription replaces the last one's.
    this.#inFlight = session.send(text).subscribe(this.#answers);
  }

  /** What each `send()` is subscribed with: one object for the whole conversation. */
  readonly #answers = {
    next: (turn: Turn): void => this.#answer(this.#current, this.#text, turn, this.#expect),
    error: (error: unknown): void => {
      this.#sendError = error;
      // A closed session's end (its frame or its terminal error) is on its
      // way in this same step; anything else ends the run here.
      if (!(error instanceof SessionClosedError)) this.#fail(failureOf(error, this.#current));
    },
  };

  #answer(index: number, text: string, turn: Turn, expect: TurnExpectation | undefined): void {
    if (this.#done) return;
    const unmet = this.#emitTurn(index, text, turn, expect);
    if (this.#done) return;
    this.#answered += 1;
    if (unmet.length > 0) return this.#failExpectation(index, unmet);
    this.#send(index + 1);
  }

  #failExpectation(index: number, unmet: readonly string[]): void {
    this.#fail({
      reason: 'expectation',
      retryable: false,
      message: clip(`${index < 0 ? 'greeting' : `turn ${index}`}: ${unmet.join('; ')}`),
      turn: index,
      unmet,
    });
  }

  /** Emits the turn's event; returns what it missed of `expect`. */
  #emitTurn(
    index: number,
    sent: string | null,
    turn: Turn,
    expect: TurnExpectation | undefined,
  ): readonly string[] {
    const unmet = unmetExpectations(turn, expect);
    const { timing } = turn;
    const latencyMs =
      sent === null || timing.sentAt === undefined ? null : timing.completedAt - timing.sentAt;
    if (latencyMs !== null) this.#latencies.push(latencyMs);
    const { toolCalls, errors } = turn;
    // Written out rather than spread: one event per turn, and spreading costs.
    const event: Writable<TurnEvent> = {
      type: 'turn',
      id: this.script.id,
      index,
      sent,
      text: turn.text,
      toolCalls: toolCalls.length === 0 ? none : toolCalls.map(summaryOf),
      errors: errors.length === 0 ? none : errors.map((error) => error.message),
      complete: turn.complete,
      latencyMs,
      timing,
      ok: unmet.length === 0,
    };
    if (unmet.length > 0) event.unmet = unmet;
    this.subscriber.next(event);
    return unmet;
  }

  /** Every turn answered: end the session as asked; its end finishes the run. */
  #endSession(): void {
    const session = this.#session as TextStreamSession;
    if (this.run.end === 'close') return session.close();
    this.#stopTimer = this.#scheduler.schedule(() => session.close(), this.run.stopTimeoutMs);
    session.stop();
  }

  #fail(failure: ConversationFailure): void {
    if (this.#failure === undefined) this.#failure = failure;
    this.#session?.close();
  }

  /** The session is over: emit the conversation's result and complete. */
  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#stopTimer?.unsubscribe();
    this.#greetingTimer?.unsubscribe();
    const error = this.#failure ?? this.#failureFromEnd();
    const session = this.#session as TextStreamSession;
    let conversationId: string | undefined;
    session.session$.subscribe((frame) => (conversationId = frame.conversation_id)).unsubscribe();
    const event: Writable<ConversationEvent> = {
      type: 'conversation',
      id: this.script.id,
      ok: error === undefined,
      turns: this.#answered,
      latenciesMs: this.#latencies,
      reconnects: this.#reconnects,
      startedAt: this.#startedAt,
      endedAt: this.#scheduler.now(),
    };
    // Absent rather than undefined, so the event reads the same back from JSON.
    if (conversationId !== undefined) event.conversationId = conversationId;
    if (error !== undefined) event.error = error;
    this.subscriber.next(event);
    this.subscriber.complete();
  }

  #failureFromEnd(): ConversationFailure | undefined {
    const turn = this.#answered < this.script.turns.length ? this.#current : undefined;
    if (this.#terminal !== undefined) return failureOf(this.#terminal, turn);
    if (this.#answered >= this.script.turns.length) return undefined;
    const ended = this.#endedWith;
    if (ended !== undefined) {
      // The reason is the server's string, of any length.
      return {
        reason: 'ended-early',
        retryable: false,
        message: clip(
          `the server ended the session (${ended.reason}) after ${this.#answered} of ${this.script.turns.length} turns`,
        ),
        endReason: clip(ended.reason),
        ...(turn === undefined ? {} : { turn }),
      };
    }
    return failureOf(
      this.#sendError ?? new SessionClosedError('the session closed before the script was done'),
      turn,
    );
  }
}
