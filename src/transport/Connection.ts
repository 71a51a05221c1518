import type { Subscription, Unsubscribable } from 'rxjs';
import { CloseError } from '../protocol/CloseError.js';
import type { CloseCode } from '../protocol/closeCodes.js';
import { DecodeFailure, decodeFrameOrFailure } from '../protocol/decodeFrame.js';
import { DecodeError } from '../protocol/DecodeError.js';
import {
  armConnectDeadline,
  armOpenDeadlines,
  meetHandshake,
  stopConnectDeadline,
  stopDeadlines,
} from './attemptDeadlines.js';
import { buildUrl } from './buildUrl.js';
import { ConnectionAttempt, type AttemptOwner } from './ConnectionAttempt.js';
import { closeReason, dispositionOf, exhausted, tooBig } from './connectionFailures.js';
import type { ConnectionHooks } from './ConnectionState.js';
import { attemptCredentials, type AttemptCredentials } from './credentials.js';
import { closeSocket } from './defaultWebSocket.js';
import type { FrameSink } from './FrameSink.js';
import { backoffDelay } from './ReconnectPolicy.js';
import { refusalError } from './refusalError.js';
import type { ResolvedTextStreamOptions } from './TextStreamOptions.js';
import type { SocketHandlers, WebSocketLike } from './WebSocketLike.js';

// A client-side close code, as a literal the type checker holds to
// CloseCode's name: reading `CloseCode.ClientAbort` would bundle the whole
// table of names into every app that connects.
const ClientAbort: (typeof CloseCode)['ClientAbort'] = 4000;

/**
 * One subscription to `connectionFrames`: the loop of attempts (credentials,
 * socket, frames) with reconnect and resume, until `session_ended`, a
 * terminal error or unsubscribe. Its attempts live in `ConnectionAttempt.ts`,
 * their deadlines in `attemptDeadlines.ts`, and what a close or an error
 * means in `connectionFailures.ts`.
 *
 * Keeps the observable behaviour of the operator chain it replaces (`defer`,
 * credentials with a `timeout`, `openSocket`, `decodeFrames`,
 * `watchConnection`, `tap`, `takeWhile`, `retry`, `finalize`), including the
 * order of hooks, emissions and socket teardown: an attempt's error is
 * handled (retry scheduled or the stream errored) before its socket is torn
 * down, and `closed` comes last.
 */
export class Connection implements Unsubscribable, AttemptOwner {
  readonly #config: ResolvedTextStreamOptions;
  readonly #hooks: ConnectionHooks;
  readonly #sink: FrameSink;
  #conversationId: string | undefined;
  // A 4409 is worth retrying only once a session_started of ours named the conversation.
  #resuming = false;
  #failures = 0;
  #abortedWith: Error | undefined;
  #current: ConnectionAttempt | null = null;
  #retry: Subscription | undefined;
  /** The stream ended (or was unsubscribed): nothing more is emitted. */
  #over = false;
  #closed = false;

  constructor(config: ResolvedTextStreamOptions, hooks: ConnectionHooks, sink: FrameSink) {
    this.#config = config;
    this.#hooks = hooks;
    this.#sink = sink;
    this.#conversationId = config.conversationId;
  }

  start(): void {
    this.#hooks.onState?.('connecting');
    this.#attempt();
  }

  /** Tears everything down; `closed` is reported last. */
  unsubscribe(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#over = true;
    this.#retry?.unsubscribe();
    this.#retry = undefined;
    if (this.#current !== null) this.#dispose(this.#current);
    this.#hooks.onState?.('closed');
  }

  #attempt(): void {
    const attempt = new ConnectionAttempt(this);
    this.#current = attempt;
    let credentials: AttemptCredentials | Promise<AttemptCredentials>;
    try {
      credentials = attemptCredentials(this.#config);
    } catch (error) {
      this.fail(attempt, error);
      return;
    }
    if (!(credentials instanceof Promise)) {
      this.#open(attempt, credentials);
      return;
    }
    // A provider that never answers is a connection that never opens.
    armConnectDeadline(attempt, this.#config);
    credentials.then(
      (value) => {
        if (attempt.dead) return;
        stopConnectDeadline(attempt);
        this.#open(attempt, value);
      },
      (error: unknown) => this.fail(attempt, error),
    );
  }

  #open(attempt: ConnectionAttempt, credentials: AttemptCredentials): void {
    const config = this.#config;
    let socket: WebSocketLike;
    try {
      const url = buildUrl(config.baseUrl, {
        conversationId: this.#conversationId,
        toolEvents: config.toolEvents,
        params: credentials.params,
        token: credentials.queryToken,
      });
      attempt.resuming = this.#resuming;
      socket = credentials.protocols
        ? new config.WebSocketCtor(url, credentials.protocols)
        : new config.WebSocketCtor(url);
      socket.binaryType = 'arraybuffer';
    } catch (error) {
      this.fail(attempt, error);
      return;
    }
    armConnectDeadline(attempt, config);
    attempt.listen(socket);
  }

  /** A 1009 from the server means *our* frame was too big for it: its code and reason pass through as they came. */
  closed(attempt: ConnectionAttempt, code: number, reason: string): void {
    this.fail(attempt, new CloseError(code, reason, undefined, { resuming: attempt.resuming }));
  }

  errored(attempt: ConnectionAttempt, error: unknown): void {
    const refused = refusalError(error, this.#config.maxFrameBytes, attempt.resuming);
    if (refused !== undefined) this.fail(attempt, refused);
  }

  opened(attempt: ConnectionAttempt, socket: WebSocketLike): void {
    stopConnectDeadline(attempt);
    // A socket opens once: let go of the handler (and `ws`'s wrapper around it).
    (socket as unknown as SocketHandlers).onopen = null;
    armOpenDeadlines(attempt, this.#config);
    this.#hooks.onState?.('open');
    this.#hooks.onOpen?.(attempt);
  }

  abort(attempt: ConnectionAttempt, cause: Error): void {
    this.#abortedWith = cause;
    const socket = attempt.socket;
    if (attempt.dead || socket === null) return;
    (socket as unknown as SocketHandlers).onclose = null;
    closeSocket(socket, ClientAbort, closeReason(cause));
    this.fail(attempt, cause);
  }

  received(attempt: ConnectionAttempt, raw: unknown): void {
    if (attempt.dead) return;
    const config = this.#config;
    // `ws` enforces the limit before buffering; other implementations can
    // only be checked here (text frames by their length in characters).
    if (sizeOf(raw) > config.maxFrameBytes) {
      this.fail(attempt, tooBig(config.maxFrameBytes));
      return;
    }
    const frame = decodeFrameOrFailure(raw);
    if (frame instanceof DecodeFailure) {
      const { diagnostic } = frame;
      try {
        const hooks = this.#hooks;
        if (hooks.onDiagnostic !== undefined) hooks.onDiagnostic(diagnostic);
        else config.onDiagnostic?.(diagnostic);
      } catch (error) {
        // A throwing callback must not escape into the socket's event loop.
        this.fail(attempt, error);
        return;
      }
      if (config.strict && diagnostic.kind !== 'unknown-type')
        this.fail(attempt, new DecodeError(diagnostic));
      return;
    }
    attempt.watchdog?.feed();
    if (frame.type === 'session_started') {
      meetHandshake(attempt, config.scheduler);
      this.#conversationId = frame.conversation_id;
      this.#resuming = true;
    } else if (frame.type === 'response_complete') {
      // A turn that said something proves the server answers; a bare
      // completion (a flapping server's, say) refills nothing.
      if (attempt.heard) this.#failures = 0;
    } else if (frame.type !== 'ping') {
      attempt.heard = true;
    } else if (config.pingTimeoutMs !== false) {
      // Pings only feed the watchdog.
      return;
    }
    if (this.#over) return;
    this.#sink.next(frame);
    if (frame.type === 'session_ended' && !attempt.dead && !this.#over) this.#end();
  }

  /** The attempt errored: retry with backoff, or end the stream with the error. */
  fail(attempt: ConnectionAttempt, error: unknown): void {
    if (attempt.dead || this.#over) return;
    attempt.dead = true;
    const { reconnect, scheduler, random } = this.#config;
    if (reconnect === false) {
      this.#end(error);
      return;
    }
    let delayMs: number;
    try {
      const disposition =
        error === this.#abortedWith ? 'retry' : dispositionOf(error, attempt.resuming);
      if (disposition === 'terminal') throw error;
      // The budget refills only once a connection proved healthy: judged
      // here, when it fails, rather than by a timer per connection.
      if (attempt.startedAt >= 0 && scheduler.now() - attempt.startedAt >= reconnect.stableAfterMs)
        this.#failures = 0;
      this.#failures += 1;
      if (this.#failures > reconnect.maxAttempts) throw exhausted(error, reconnect);
      delayMs = backoffDelay(reconnect, this.#failures, disposition === 'rate-limited', random);
      this.#hooks.onState?.('reconnecting', {
        attempt: this.#failures,
        maxAttempts: reconnect.maxAttempts,
        delayMs,
        cause: error,
      });
    } catch (fatal) {
      this.#end(fatal);
      return;
    }
    if (!this.#closed) {
      this.#retry = scheduler.schedule(() => {
        this.#retry = undefined;
        this.#attempt();
      }, delayMs);
    }
    if (this.#current === attempt) this.#dispose(attempt);
  }

  /** Completes the stream, or errors it with `error`; then tears down. */
  #end(...error: [unknown?]): void {
    if (this.#over) return;
    this.#over = true;
    if (error.length === 0) this.#sink.complete();
    else this.#sink.error(error[0]);
    this.unsubscribe();
  }

  #dispose(attempt: ConnectionAttempt): void {
    attempt.dead = true;
    if (this.#current === attempt) this.#current = null;
    stopDeadlines(attempt);
    attempt.release();
  }
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
