import { Observable } from 'rxjs';
import type { Diagnostic } from '../protocol/Diagnostic.js';
import type {
  ErrorFrame,
  MessageFrame,
  ServerFrame,
  SessionEndedFrame,
  SessionStartedFrame,
} from '../protocol/serverFrames.js';
import type { ToolCall } from '../protocol/ToolCall.js';
import { ToolCallPairer } from '../protocol/ToolCallPairer.js';
import type { Turn } from '../protocol/Turn.js';
import type { TurnLimits } from '../protocol/TurnLimits.js';
import type { ConnectionState } from '../transport/ConnectionState.js';
import { LazySubject } from './LazySubject.js';
import type { SessionOutcome } from './machine/SessionEffect.js';
import type { ReconnectAttempt } from './machine/SessionEvent.js';
import type { SessionNotice } from './machine/SessionNotice.js';
import type { SentMessage } from './SentMessage.js';
import type { Transcript } from './Transcript.js';
import { updateTranscript, type TranscriptChange } from './updateTranscript.js';

/** The streams that replay nothing: a subscriber sees what comes after it subscribed. */
type LiveStream =
  | 'frames'
  | 'messages'
  | 'errors'
  | 'toolCalls'
  | 'turns'
  | 'typing'
  | 'diagnostics'
  | 'reconnects'
  | 'notices'
  | 'sent';

/** What the subject in a stream's field emits. */
type Emitted<F> = F extends LazySubject<infer T> ? T : never;

/**
 * A session's streams, and what it keeps for the ones that replay: its
 * latest `session_started`, its state, how it ended, its transcript.
 *
 * Each stream exists only once read (`undefined` until then), and allocates its
 * subject only while someone subscribes to it. The runner emits on the
 * fields directly (`streams.frames?.next(frame)`): a stream nobody read
 * costs a check for `undefined`. The getters are what the session hands its users.
 */
export class SessionStreams {
  started: LazySubject<SessionStartedFrame> | undefined;
  state: LazySubject<ConnectionState> | undefined;
  ended: LazySubject<SessionEndedFrame> | undefined;
  transcriptOut: LazySubject<Transcript> | undefined;
  frames: LazySubject<ServerFrame> | undefined;
  turns: LazySubject<Turn> | undefined;
  typing: LazySubject<boolean> | undefined;
  diagnostics: LazySubject<Diagnostic> | undefined;
  reconnects: LazySubject<ReconnectAttempt> | undefined;
  notices: LazySubject<SessionNotice> | undefined;
  sent: LazySubject<SentMessage> | undefined;
  // messages$, errors$ and toolCalls$ are fed only the frames they take,
  // each from a subject of its own, rather than filtered out of frames$:
  // a frame then reaches only the subscribers that want it, and a chat view
  // showing messages does not pay for every typing frame.
  messages: LazySubject<MessageFrame> | undefined;
  errors: LazySubject<ErrorFrame> | undefined;
  toolCalls: LazySubject<ToolCall> | undefined;
  /**
   * Pairs tool frames for `toolCalls$` from its first read on: one pairing
   * for every subscriber, as `pairToolCalls()` would pair `frames$`.
   */
  #pairer: ToolCallPairer | null = null;
  /** `null` until `transcript$` is first read: a session nobody reads it from records nothing. */
  transcript: Transcript | null = null;
  /** The session is over: a stream read from now on completes at once. */
  over = false;
  /** The terminal error that ended the session, if one did. */
  failure: unknown;
  /** The `session_ended` frame that ended the session, if one did. */
  endedWith: SessionEndedFrame | undefined;
  lastStarted: SessionStartedFrame | undefined;
  lastState: ConnectionState | undefined;

  get session$(): Observable<SessionStartedFrame> {
    return (this.started ??= this.#replaying(this.lastStarted));
  }

  /** Live stream `key`, read: made on its first read, complete at once if the session is over. */
  live<K extends LiveStream>(key: K): Observable<Emitted<SessionStreams[K]>> {
    let stream = this[key] as LazySubject<Emitted<SessionStreams[K]>> | undefined;
    if (stream === undefined) {
      stream = new LazySubject();
      if (this.over) stream.complete();
      (this as Record<LiveStream, unknown>)[key] = stream;
    }
    return stream;
  }

  /** Tool calls paired by `call_id` under `limits`, the session's turn limits. */
  toolCalls$(limits: TurnLimits): Observable<ToolCall> {
    if (this.toolCalls === undefined && !this.over)
      this.#pairer = new ToolCallPairer(limits.maxPendingToolCalls);
    return this.live('toolCalls');
  }

  get state$(): Observable<ConnectionState> {
    return (this.state ??= this.#replaying(this.lastState));
  }

  /** The one stream that errors, with the terminal error, if the session ended with one. */
  get ended$(): Observable<SessionEndedFrame> {
    return (this.ended ??= this.#replaying(this.endedWith, this.failure));
  }

  /** Recording starts the first time this is read; read after the end, it completes at once. */
  get transcript$(): Observable<Transcript> {
    if (this.transcriptOut === undefined) {
      this.transcript = [];
      this.transcriptOut = this.#replaying(this.over ? undefined : this.transcript);
    }
    return this.transcriptOut;
  }

  /** A frame for frames\$, and for the stream of its kind that takes it. */
  frame(frame: ServerFrame): void {
    this.frames?.next(frame);
    switch (frame.type) {
      case 'message':
        return this.messages?.next(frame);
      case 'error':
        return this.errors?.next(frame);
      case 'tool_call_started':
      case 'tool_call_completed':
      case 'response_complete':
      case 'session_ended':
        if (this.#pairer !== null) this.#pair(this.#pairer, frame);
    }
  }

  // A tool call out of each completion, and out of each start pushed out by
  // another; the calls still pending come out incomplete when a turn ends
  // (a turn's last frame, or `null`: the end of the streams).
  #pair(pairer: ToolCallPairer, frame: ServerFrame | null): void {
    const toolCalls = this.toolCalls as LazySubject<ToolCall>;
    switch (frame?.type) {
      case 'tool_call_started': {
        const pushedOut = pairer.start(frame);
        if (pushedOut !== undefined) toolCalls.next(pushedOut);
        return;
      }
      case 'tool_call_completed':
        return toolCalls.next(pairer.complete(frame));
      default:
        for (const call of pairer.flush()) toolCalls.next(call);
    }
  }

  /** Records `change` in the transcript, if one is kept. */
  record(change: TranscriptChange): void {
    if (this.transcript === null) return;
    this.transcript = updateTranscript(this.transcript, change);
    this.transcriptOut?.next(this.transcript);
  }

  setState(state: ConnectionState): void {
    if (state === this.lastState || this.over) return;
    this.lastState = state;
    this.state?.next(state);
  }

  /** The session is over, by a `session_ended`, a close or a failure: `ended$` hears it first. */
  end(outcome: SessionOutcome): void {
    this.over = true;
    if (outcome.kind === 'failed') this.failure = outcome.error;
    if (outcome.kind !== 'ended') return;
    this.endedWith = outcome.frame;
    this.ended?.next(outcome.frame);
  }

  /** Once the connection is gone: `closed`, then every stream ends. */
  completeAll(): void {
    if (this.lastState !== 'closed') this.state?.next('closed');
    this.lastState = 'closed';
    if (this.ended !== undefined) endStream(this.ended, this.failure);
    if (this.#pairer !== null) this.#pair(this.#pairer, null);
    this.#pairer = null;
    for (const subject of [
      this.frames,
      this.messages,
      this.errors,
      this.toolCalls,
      this.started,
      this.turns,
      this.typing,
      this.diagnostics,
      this.state,
      this.reconnects,
      this.notices,
      this.sent,
      this.transcriptOut,
    ] as const) {
      subject?.complete();
    }
  }

  /**
   * A replaying stream, read for the first time: `latest` first, if there is
   * one, then the end if the session is over (an error only for `failure`).
   */
  #replaying<T>(latest: T | undefined, failure?: unknown): LazySubject<T> {
    const stream = new LazySubject<T>(true);
    if (latest !== undefined) stream.next(latest);
    if (this.over) endStream(stream, failure);
    return stream;
  }
}

function endStream(stream: LazySubject<unknown>, failure: unknown): void {
  if (failure === undefined) stream.complete();
  else stream.error(failure);
}
