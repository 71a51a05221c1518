import {
  AsyncSubject,
  filter,
  type Observable,
  type SchedulerLike,
  ReplaySubject,
  Subject,
  type Subscription,
  throwError,
} from 'rxjs';
import { userMessage, type MessageShape } from '../protocol/clientFrames.js';
import type { Diagnostic } from '../protocol/Diagnostic.js';
import type {
  ErrorFrame,
  MessageFrame,
  ServerFrame,
  SessionEndedFrame,
  SessionStartedFrame,
} from '../protocol/serverFrames.js';
import { pairToolCalls } from '../operators/pairToolCalls.js';
import type { ToolCall } from '../protocol/ToolCall.js';
import { toTurns } from '../operators/toTurns.js';
import type { Turn } from '../protocol/Turn.js';
import { isTurnFrame } from '../protocol/turnFrames.js';
import { typingIndicator } from '../operators/typingIndicator.js';
import { connectionFrames } from '../transport/connectionFrames.js';
import type { ConnectionState } from '../transport/ConnectionState.js';
import { resolveTextStreamOptions } from '../transport/TextStreamOptions.js';
import type { ConnectOptions } from './ConnectOptions.js';
import { SendQueueFullError, SessionClosedError } from './errors.js';

/** A user message the session wrote to the socket. */
export interface SentMessage {
  readonly text: string;
  /** True for the one resend after a drop cut the message's turn off. */
  readonly resend: boolean;
}

interface Outgoing {
  readonly text: string;
  readonly answer: AsyncSubject<Turn>;
  /** The connection it was last written to; a resend happens once per new connection. */
  sentOn: number;
}

/**
 * One conversation over one shared connection, and its typed streams.
 *
 * A session is a resource, not a refcount: it connects when created and stays
 * connected (reconnecting and resuming as needed) until `close()`, `stop()`,
 * `session_ended` or a terminal error, however many subscribers come and go.
 * `session$` and `state$` replay their latest value; the other streams are
 * live. Once the session is over every stream completes (or errors), for late
 * subscribers too.
 */
export class TextStreamSession {
  /** Every decoded frame but pings, live. */
  readonly frames$: Observable<ServerFrame>;
  /** The latest `session_started` (a new one after each resume), replayed. */
  readonly session$: Observable<SessionStartedFrame>;
  /** The agent's messages. */
  readonly messages$: Observable<MessageFrame>;
  /** Tool calls paired by `call_id`, once for the whole session. */
  readonly toolCalls$: Observable<ToolCall>;
  /** Every turn, greetings included, as it completes. */
  readonly turns$: Observable<Turn>;
  /** True while the agent is working on an answer: from `typing` to its message or the turn's end. */
  readonly typing$: Observable<boolean>;
  /** Recoverable `error` frames. */
  readonly errors$: Observable<ErrorFrame>;
  /** Inbound frames that were dropped, and why. */
  readonly diagnostics$: Observable<Diagnostic>;
  /** The connection's state, replayed: `connecting`, `open`, `reconnecting`, `closed`. */
  readonly state$: Observable<ConnectionState>;
  /** The `session_ended` frame, then completion; completes empty after `close()`, errors on a terminal error. */
  readonly ended$: Observable<SessionEndedFrame>;
  /** Each user message as it actually goes out; `resend` marks the one resend after a drop. */
  readonly sent$: Observable<SentMessage>;

  readonly #frames = new Subject<ServerFrame>();
  readonly #started = new ReplaySubject<SessionStartedFrame>(1);
  readonly #toolCalls = new Subject<ToolCall>();
  readonly #turns = new Subject<Turn>();
  readonly #diagnostics = new Subject<Diagnostic>();
  readonly #state = new ReplaySubject<ConnectionState>(1);
  readonly #ended = new ReplaySubject<SessionEndedFrame>(1);
  readonly #sent = new Subject<SentMessage>();
  readonly #connection: Subscription;
  readonly #messageShape: MessageShape;
  readonly #maxQueued: number;

  #write: ((data: string) => void) | null = null;
  #connectionCount = 0;
  #established = false;
  #everStarted = false;
  #awaitingGreeting: Subscription | null = null;
  readonly #queue: Outgoing[] = [];
  #inFlight: Outgoing | null = null;
  #turnOpen = false;
  #turnOwner: Outgoing | null = null;
  #stopRequested = false;
  #over = false;
  #lastState: ConnectionState | null = null;

  constructor(options: ConnectOptions) {
    const { messageShape = 'text', maxQueuedMessages = 100, greetingGraceMs = 250 } = options;
    if (messageShape !== 'text' && messageShape !== 'typed')
      throw new TypeError("connect: messageShape must be 'text' or 'typed'");
    if (!(Number.isInteger(maxQueuedMessages) && maxQueuedMessages >= 0))
      throw new TypeError('connect: maxQueuedMessages must be a whole number');
    if (!(greetingGraceMs >= 0 && Number.isFinite(greetingGraceMs)))
      throw new TypeError('connect: greetingGraceMs must be a non-negative number');
    this.#messageShape = messageShape;
    this.#maxQueued = maxQueuedMessages;
    const config = resolveTextStreamOptions({
      ...options,
      onDiagnostic: (diagnostic) => {
        options.onDiagnostic?.(diagnostic);
        this.#diagnostics.next(diagnostic);
      },
    });

    this.frames$ = this.#frames.asObservable();
    this.session$ = this.#started.asObservable();
    this.messages$ = this.#frames.pipe(
      filter((frame): frame is MessageFrame => frame.type === 'message'),
    );
    this.errors$ = this.#frames.pipe(
      filter((frame): frame is ErrorFrame => frame.type === 'error'),
    );
    this.toolCalls$ = this.#toolCalls.asObservable();
    this.turns$ = this.#turns.asObservable();
    this.diagnostics$ = this.#diagnostics.asObservable();
    this.state$ = this.#state.asObservable();
    this.ended$ = this.#ended.asObservable();
    this.typing$ = this.#frames.pipe(typingIndicator());
    this.sent$ = this.#sent.asObservable();

    // The session's own bookkeeping subscribes first, so it has seen a frame
    // before any user code does. Errors reach users through the public
    // streams; the bookkeeping only needs frames.
    this.#frames.subscribe({ next: (frame) => this.#track(frame), error: () => undefined });
    this.#frames.pipe(pairToolCalls()).subscribe(this.#toolCalls);
    this.#frames.pipe(toTurns()).subscribe({
      next: (turn) => this.#answered(turn),
      error: (err: unknown) => this.#turns.error(err),
      complete: () => this.#turns.complete(),
    });

    const isNewConversation = options.conversationId === undefined;
    this.#connection = connectionFrames(config, {
      onState: (state) => this.#setState(state),
      onOpen: (write) => {
        this.#connectionCount += 1;
        this.#write = write;
        this.#established = false;
      },
    }).subscribe({
      next: (frame) => {
        if (frame.type === 'session_started')
          this.#sessionStarted(frame, isNewConversation, greetingGraceMs, config.scheduler);
        this.#frames.next(frame);
      },
      error: (err: unknown) => this.#finish(err),
      complete: () => this.#finish(),
    });
  }

  /**
   * Sends a user message and emits the turn that answers it. Messages are sent
   * whether or not the result is subscribed, one at a time: each waits for the
   * previous turn's `response_complete`, as the protocol requires.
   *
   * Errors with {@link SendQueueFullError} when too many are waiting, and with
   * {@link SessionClosedError} (or the session's terminal error) when the
   * session ends first.
   */
  send(text: string): Observable<Turn> {
    if (typeof text !== 'string') throw new TypeError('send: text must be a string');
    if (this.#over)
      return throwError(() => new SessionClosedError('the session is over; nothing was sent'));
    if (this.#queue.length >= this.#maxQueued)
      return throwError(() => new SendQueueFullError(this.#maxQueued));
    const outgoing: Outgoing = { text, answer: new AsyncSubject<Turn>(), sentOn: 0 };
    this.#queue.push(outgoing);
    this.#pump();
    return outgoing.answer.asObservable();
  }

  /** Asks the server to end the session; emits its `session_ended` and completes. */
  stop(): Observable<SessionEndedFrame> {
    if (!this.#over && !this.#stopRequested) {
      this.#stopRequested = true;
      if (this.#established) this.#write?.(JSON.stringify({ type: 'stop' }));
    }
    return this.ended$;
  }

  /** Drops the connection (closing the socket with 1000) and ends every stream. */
  close(): void {
    this.#connection.unsubscribe();
    this.#finish();
  }

  #sessionStarted(
    frame: SessionStartedFrame,
    isNewConversation: boolean,
    graceMs: number,
    scheduler: SchedulerLike,
  ): void {
    // Only the first session of a new conversation may open with a greeting;
    // sockets refused before it (a 4029, say) do not count.
    const mayGreet = isNewConversation && !this.#everStarted;
    this.#everStarted = true;
    this.#established = true;
    this.#started.next(frame);
    if (this.#stopRequested) this.#write?.(JSON.stringify({ type: 'stop' }));
    // A message cut off by a drop goes out once more on the new connection.
    const inFlight = this.#inFlight;
    if (inFlight !== null && inFlight.sentOn !== this.#connectionCount) this.#transmit(inFlight);
    if (mayGreet && graceMs > 0) {
      this.#awaitingGreeting = scheduler.schedule(() => {
        this.#awaitingGreeting = null;
        this.#pump();
      }, graceMs);
      return;
    }
    this.#pump();
  }

  #track(frame: ServerFrame): void {
    if (!isTurnFrame(frame)) {
      if (frame.type === 'session_ended') this.#ended.next(frame);
      return;
    }
    if (!this.#turnOpen) {
      this.#turnOpen = true;
      this.#awaitingGreeting?.unsubscribe();
      this.#awaitingGreeting = null;
      // The first turn to open after a message went out is its answer.
      this.#turnOwner = this.#inFlight;
    }
    if (frame.type === 'response_complete') this.#turnOpen = false;
  }

  #answered(turn: Turn): void {
    const owner = this.#turnOwner;
    this.#turnOwner = null;
    this.#turns.next(turn);
    if (owner !== null) {
      if (owner === this.#inFlight) this.#inFlight = null;
      owner.answer.next(turn);
      owner.answer.complete();
    }
    this.#pump();
  }

  #pump(): void {
    if (
      this.#over ||
      !this.#established ||
      this.#awaitingGreeting !== null ||
      this.#turnOpen ||
      this.#inFlight !== null
    )
      return;
    const next = this.#queue.shift();
    if (next === undefined) return;
    this.#inFlight = next;
    this.#transmit(next);
  }

  #transmit(outgoing: Outgoing): void {
    if (this.#write === null) return;
    const resend = outgoing.sentOn !== 0;
    outgoing.sentOn = this.#connectionCount;
    this.#write(JSON.stringify(userMessage(outgoing.text, this.#messageShape)));
    this.#sent.next({ text: outgoing.text, resend });
  }

  #setState(state: ConnectionState): void {
    if (state !== 'open') {
      this.#write = null;
      this.#established = false;
    }
    if (state === this.#lastState) return;
    this.#lastState = state;
    this.#state.next(state);
  }

  #finish(error?: unknown): void {
    if (this.#over) return;
    this.#over = true;
    this.#awaitingGreeting?.unsubscribe();
    this.#setState('closed');
    const unanswered =
      this.#inFlight === null ? this.#queue.splice(0) : [this.#inFlight, ...this.#queue.splice(0)];
    this.#inFlight = null;
    for (const outgoing of unanswered) {
      outgoing.answer.error(
        error ?? new SessionClosedError('the session ended before this message was answered'),
      );
    }
    for (const subject of [
      this.#frames,
      this.#started,
      this.#diagnostics,
      this.#state,
      this.#ended,
    ] as const) {
      if (error === undefined) subject.complete();
      else subject.error(error);
    }
  }
}
