import {
  asyncScheduler,
  Observable,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
} from 'rxjs';
import type { SessionEndedFrame } from '../protocol/serverFrames.js';
import type { Turn } from '../protocol/Turn.js';
import { connect } from '../session/connect.js';
import { SessionClosedError } from '../session/errors.js';
import type { TextStreamSession } from '../session/TextStreamSession.js';
import type { ConversationScript, TurnExpectation } from './ConversationScript.js';
import { failureOf } from './failureOf.js';
import type { ConversationEvent, ConversationFailure, TurnEvent } from './RunEvent.js';
import type { RunOptions } from './RunOptions.js';
import { unmetExpectations } from './unmetExpectations.js';

type Emitted = TurnEvent | ConversationEvent;

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
): Observable<Emitted> {
  const { end = 'stop', stopTimeoutMs = 5000, ...connectOptions } = options;
  if (end !== 'stop' && end !== 'close')
    throw new TypeError(`runConversation: end must be 'stop' or 'close', got ${String(end)}`);
  if (!(stopTimeoutMs > 0 && Number.isFinite(stopTimeoutMs)))
    throw new TypeError(
      `runConversation: stopTimeoutMs must be a positive number, got ${String(stopTimeoutMs)}`,
    );
  // A promised greeting is waited for as long as the session would wait for a possible one.
  const { greetingTimeoutMs } = connectOptions;
  const greetingWaitMs =
    typeof greetingTimeoutMs === 'number' && greetingTimeoutMs > 0 ? greetingTimeoutMs : 5000;
  const sessionOptions = {
    toolEvents: true,
    ...connectOptions,
    ...(script.greets === false ? { greetingTimeoutMs: 0 } : {}),
  };
  return new Observable<Emitted>((subscriber) => {
    const run = new ConversationRun(
      script,
      subscriber,
      end,
      stopTimeoutMs,
      greetingWaitMs,
      connectOptions.scheduler ?? asyncScheduler,
    );
    run.start(connect(sessionOptions));
    return () => run.dispose();
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
  #stopTimer: Subscription | undefined;
  #done = false;

  constructor(
    readonly script: ConversationScript,
    readonly subscriber: Subscriber<Emitted>,
    readonly end: 'stop' | 'close',
    readonly stopTimeoutMs: number,
    readonly greetingWaitMs: number,
    scheduler: SchedulerLike,
  ) {
    this.#scheduler = scheduler;
    this.#startedAt = scheduler.now();
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
    else this.#send(0);
  }

  dispose(): void {
    this.#done = true;
    this.#stopTimer?.unsubscribe();
    this.#greetingTimer?.unsubscribe();
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
    const waited = this.greetingWaitMs;
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

  #send(index: number): void {
    const turns = this.script.turns;
    if (index >= turns.length) return this.#endSession();
    const session = this.#session as TextStreamSession;
    const step = turns[index] as string | { text: string; expect?: TurnExpectation };
    const text = typeof step === 'string' ? step : step.text;
    const expect = typeof step === 'string' ? undefined : step.expect;
    this.#current = index;
    this.#subscriptions.push(
      session.send(text).subscribe({
        next: (turn) => this.#answer(index, text, turn, expect),
        error: (error: unknown) => {
          this.#sendError = error;
          // A closed session's end (its frame or its terminal error) is on
          // its way in this same step; anything else ends the run here.
          if (!(error instanceof SessionClosedError)) this.#fail(failureOf(error, index));
        },
      }),
    );
  }

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
      message: `${index < 0 ? 'greeting' : `turn ${index}`}: ${unmet.join('; ')}`,
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
    const event: TurnEvent = {
      type: 'turn',
      id: this.script.id,
      index,
      sent,
      text: turn.text,
      toolCalls: turn.toolCalls.map((call) => ({ name: call.toolName, succeeded: call.succeeded })),
      errors: turn.errors.map((error) => error.message),
      complete: turn.complete,
      latencyMs,
      timing,
      ok: unmet.length === 0,
      ...(unmet.length > 0 ? { unmet } : {}),
    };
    this.subscriber.next(event);
    return unmet;
  }

  /** Every turn answered: end the session as asked; its end finishes the run. */
  #endSession(): void {
    const session = this.#session as TextStreamSession;
    if (this.end === 'close') return session.close();
    this.#stopTimer = this.#scheduler.schedule(() => session.close(), this.stopTimeoutMs);
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
    const event: ConversationEvent = {
      type: 'conversation',
      id: this.script.id,
      ok: error === undefined,
      turns: this.#answered,
      latenciesMs: this.#latencies,
      reconnects: this.#reconnects,
      ...(conversationId === undefined ? {} : { conversationId }),
      startedAt: this.#startedAt,
      endedAt: this.#scheduler.now(),
      ...(error === undefined ? {} : { error }),
    };
    this.subscriber.next(event);
    this.subscriber.complete();
  }

  #failureFromEnd(): ConversationFailure | undefined {
    const turn = this.#answered < this.script.turns.length ? this.#current : undefined;
    if (this.#terminal !== undefined) return failureOf(this.#terminal, turn);
    if (this.#answered >= this.script.turns.length) return undefined;
    const ended = this.#endedWith;
    if (ended !== undefined) {
      return {
        reason: 'ended-early',
        retryable: false,
        message: `the server ended the session (${ended.reason}) after ${this.#answered} of ${this.script.turns.length} turns`,
        endReason: ended.reason,
        ...(turn === undefined ? {} : { turn }),
      };
    }
    return failureOf(
      this.#sendError ?? new SessionClosedError('the session closed before the script was done'),
      turn,
    );
  }
}
