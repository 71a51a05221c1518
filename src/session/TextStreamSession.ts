import { Observable, throwError } from 'rxjs';
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
import type { ConnectionState } from '../transport/ConnectionState.js';
import { resolveTextStreamOptions } from '../transport/TextStreamOptions.js';
import { Answer, type AwaitedAnswer } from './Answer.js';
import { SessionClosedError } from './errors.js';
import { randomClientMessageId } from './clientMessageIds.js';
import type { ConnectOptions } from './ConnectOptions.js';
import type { Transcript } from './Transcript.js';
import type { ReconnectAttempt } from './machine/SessionEvent.js';
import type { SessionNotice } from './machine/SessionNotice.js';
import { initialState, type SessionRules } from './machine/SessionState.js';
import type { SentMessage } from './SentMessage.js';
import { SessionRunner } from './SessionRunner.js';
import type { SessionStreams } from './SessionStreams.js';

export type { SentMessage } from './SentMessage.js';

/**
 * One conversation over one shared connection, and its typed streams.
 *
 * The rules (turn gating, answer ownership, greetings, resends, deadlines,
 * conversation changes) live in a pure state machine (`machine/transition.ts`);
 * its runner (`SessionRunner.ts`) feeds it socket events, user calls and
 * timer fires, and carries out the writes, emissions and timers it returns.
 * This class is what users hold: the options checked, the streams handed
 * out (`SessionStreams.ts`), and `send`, `ask`, `stop` and `close`.
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
  readonly #runner: SessionRunner;
  readonly #streams: SessionStreams;

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
    // The session reports diagnostics itself (its runner's `onDiagnostic`).
    const config = resolveTextStreamOptions({ ...options, onDiagnostic: undefined });
    const rules: SessionRules = {
      turnLimits: resolveTurnLimits(turnLimits),
      messageShape,
      maxQueuedMessages,
      greetingTimeoutMs,
      turnTimeoutMs,
    };
    const runner = new SessionRunner(
      config,
      initialState(rules, config.conversationId),
      clientMessageId,
      options.onDiagnostic,
    );
    this.#runner = runner;
    this.#streams = runner.streams;
    runner.connect(config);
  }

  /** Every decoded frame but pings, live. */
  get frames$(): Observable<ServerFrame> {
    return this.#streams.live('frames');
  }

  /** The latest `session_started` (a new one after each resume), replayed. */
  get session$(): Observable<SessionStartedFrame> {
    return this.#streams.session$;
  }

  /** The agent's messages. */
  get messages$(): Observable<MessageFrame> {
    return this.#streams.live('messages');
  }

  /** Tool calls paired by `call_id`, as their frames arrive. */
  get toolCalls$(): Observable<ToolCall> {
    return this.#streams.toolCalls$(this.#runner.state.rules.turnLimits);
  }

  /** Every turn, greetings included, as it completes (or is cut off: `complete: false`). */
  get turns$(): Observable<Turn> {
    return this.#streams.live('turns');
  }

  /** True while the agent is working on an answer: from `typing` to its message or the turn's end. */
  get typing$(): Observable<boolean> {
    return this.#streams.live('typing');
  }

  /** Recoverable `error` frames. */
  get errors$(): Observable<ErrorFrame> {
    return this.#streams.live('errors');
  }

  /** Inbound frames that were dropped, and why. */
  get diagnostics$(): Observable<Diagnostic> {
    return this.#streams.live('diagnostics');
  }

  /** The connection's state, replayed: `connecting`, `open`, `reconnecting`, `closed`. */
  get state$(): Observable<ConnectionState> {
    return this.#streams.state$;
  }

  /** Each reconnect the session schedules: attempt, budget, delay and cause. */
  get reconnects$(): Observable<ReconnectAttempt> {
    return this.#streams.live('reconnects');
  }

  /** What the session did or saw besides frames: reconnects, resumes, timeouts, stray frames. */
  get notices$(): Observable<SessionNotice> {
    return this.#streams.live('notices');
  }

  /**
   * The `session_ended` frame, then completion; completes empty after
   * `close()`; errors with the terminal error (a terminal close code, a spent
   * retry budget) — the one stream that does.
   */
  get ended$(): Observable<SessionEndedFrame> {
    return this.#streams.ended$;
  }

  /** Each user message as it really goes out; `resend` marks the one resend after a drop. */
  get sent$(): Observable<SentMessage> {
    return this.#streams.live('sent');
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
    return this.#streams.transcript$;
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
    if (this.#refusing) return throwError(() => this.#refusal());
    const answer = new Answer<Turn>(this.#runner.sends.nextId);
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
    if (this.#refusing) return Promise.reject(this.#refusal());
    return new Promise<Turn>((resolve, reject) =>
      this.#enqueue(text, { id: this.#runner.sends.nextId, resolve, error: reject }),
    );
  }

  /** Whether a message sent now is refused: the session is over or closing. */
  get #refusing(): boolean {
    return this.#streams.over || this.#runner.closing;
  }

  // Why a message sent now is refused: after a terminal error, a late
  // send() learns why, not just that.
  #refusal(): Error {
    const failure = this.#streams.failure;
    return failure instanceof Error
      ? failure
      : new SessionClosedError('the session is over; nothing was sent');
  }

  // Queues message `answer.id` (the next id) for the machine to write when the protocol allows.
  #enqueue(text: string, answer: AwaitedAnswer<Turn>): void {
    const runner = this.#runner;
    const id = answer.id;
    const clientMessageId = runner.sends.add(answer);
    const streams = this.#streams;
    if (streams.transcript !== null) streams.record({ type: 'queued', id, text, clientMessageId });
    runner.dispatch({
      type: 'send',
      // Bound to the conversation it is sent in, so the machine need not copy it.
      message: { id, text, clientMessageId, conversationId: runner.state.conversationId },
      at: runner.now(),
    });
  }

  /**
   * Asks the server to end the session once every message sent before has
   * been answered; emits its `session_ended` and completes. Messages sent
   * after `stop()` fail with `SessionClosedError`.
   */
  stop(): Observable<SessionEndedFrame> {
    const runner = this.#runner;
    runner.dispatch({ type: 'stop', at: runner.now() });
    return this.ended$;
  }

  /** Drops the connection (closing the socket with 1000) and ends every stream. */
  close(): void {
    const runner = this.#runner;
    runner.closing = true;
    runner.dispatch({ type: 'close', at: runner.now() });
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
