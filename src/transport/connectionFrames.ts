import { Observable, type Subscription, type Unsubscribable } from 'rxjs';
import { CloseError } from '../protocol/CloseError.js';
import { closeDisposition, type CloseCode } from '../protocol/closeCodes.js';
import { DecodeFailure, decodeFrameOrFailure } from '../protocol/decodeFrame.js';
import { DecodeError } from '../protocol/DecodeError.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { PingTimeoutError } from '../operators/pingTimeout.js';
import { buildUrl } from './buildUrl.js';
import { ConnectTimeoutError } from './ConnectTimeoutError.js';
import { closeSocket, listenToSocket } from './defaultWebSocket.js';
import type { FrameLane } from './FramePacer.js';
import type { ConnectionHooks, OpenSocket } from './ConnectionState.js';
import { attemptCredentials, type AttemptCredentials } from './credentials.js';
import { HandshakeTimeoutError } from './HandshakeTimeoutError.js';
import { backoffDelay, type ReconnectPolicy } from './ReconnectPolicy.js';
import type { ResolvedTextStreamOptions } from './TextStreamOptions.js';
import { startWatchdog, type Watchdog } from '../operators/Watchdog.js';
import type { ReadyState, SocketHandlers, SocketListener, WebSocketLike } from './WebSocketLike.js';

// The close codes used here, as literals the type checker holds to
// CloseCode's names: reading `CloseCode.X` would bundle the whole table of
// names into every app that connects.
type Code<K extends keyof typeof CloseCode> = (typeof CloseCode)[K];
// And the socket states, likewise.
const Connecting: (typeof ReadyState)['Connecting'] = 0;
const Open: (typeof ReadyState)['Open'] = 1;
const MessageTooBig: Code<'MessageTooBig'> = 1009;
const ClientAbort: Code<'ClientAbort'> = 4000;
const InvalidPayload: Code<'InvalidPayload'> = 1007;
const PolicyViolation: Code<'PolicyViolation'> = 1008;
const ProtocolError: Code<'ProtocolError'> = 1002;
const Abnormal: Code<'Abnormal'> = 1006;

/**
 * The whole connection as one stream of frames: credentials, socket, decode,
 * deadlines, and reconnect with resume, ending after `session_ended`. `hooks`
 * let the session follow the connection's state, write to the open socket
 * and abort it.
 *
 * Each subscription is one {@link Connection}: plain callbacks and fields
 * rather than a chain of operators, because a process may hold thousands of
 * these, mostly idle.
 */
export function connectionFrames(
  config: ResolvedTextStreamOptions,
  hooks: ConnectionHooks = {},
): Observable<ServerFrame> {
  return new Observable<ServerFrame>((subscriber) => openConnection(config, hooks, subscriber));
}

/** Where a connection delivers its frames and its end: a subscriber, or the session itself. */
export interface FrameSink {
  next(frame: ServerFrame): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * One connection as {@link connectionFrames} subscribes it, delivering to
 * `sink` directly: for the session, its one consumer, so that every frame
 * does not pass through a subscriber chain. `sink` must not throw. Returns
 * what tears the connection down.
 */
export function openConnection(
  config: ResolvedTextStreamOptions,
  hooks: ConnectionHooks,
  sink: FrameSink,
): Unsubscribable {
  const connection = new Connection(config, hooks, sink);
  connection.start();
  return connection;
}

const ignore = (): void => undefined;

/**
 * One socket attempt: its socket once created, and its timers. It listens to
 * its socket itself, passing what it hears to its connection.
 */
class Attempt implements SocketListener, OpenSocket {
  readonly connection: Connection;
  socket: WebSocketLike | null = null;
  /** Until open: the connect deadline (or the credentials' deadline before that). */
  connectTimer: Subscription | undefined = undefined;
  handshake: Subscription | undefined = undefined;
  watchdog: Watchdog | undefined = undefined;
  /**
   * When this socket's first `session_started` arrived, `-1` until then: ends
   * the handshake deadline, and tells the retry budget whether the
   * connection proved healthy.
   */
  startedAt = -1;
  /** A `ws` socket's lane (paced frames, shared listeners); `null` where its `on…` handlers listen. */
  frames: FrameLane | null = null;
  /** Whether this socket resumes a conversation of ours; decides what a 4409 means. */
  resuming = false;
  /** Set once the attempt failed or was torn down: nothing more comes from it. */
  dead = false;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  receive(data: unknown): void {
    this.connection.received(this, data);
  }

  closed(code: number, reason: string): void {
    this.connection.closed(this, code, reason);
  }

  errored(error: unknown): void {
    this.connection.errored(this, error);
  }

  write(data: string): boolean {
    const socket = this.socket;
    // A closing socket's `send` drops the frame without a word.
    if (socket === null || socket.readyState !== Open) return false;
    socket.send(data);
    return true;
  }

  abort(cause: Error): void {
    this.connection.abort(this, cause);
  }
}

/**
 * One subscription to {@link connectionFrames}. Keeps the observable
 * behaviour of the operator chain it replaces (`defer`, credentials with a
 * `timeout`, `openSocket`, `decodeFrames`, `watchConnection`, `tap`,
 * `takeWhile`, `retry`, `finalize`), including the order of hooks, emissions
 * and socket teardown: an attempt's error is handled (retry scheduled or the
 * stream errored) before its socket is torn down, and `closed` comes last.
 */
class Connection implements Unsubscribable {
  readonly #config: ResolvedTextStreamOptions;
  readonly #hooks: ConnectionHooks;
  readonly #sink: FrameSink;
  #conversationId: string | undefined;
  // A 4409 is worth retrying only once a session_started of ours named the conversation.
  #resuming = false;
  #failures = 0;
  #abortedWith: Error | undefined = undefined;
  #current: Attempt | null = null;
  #retry: Subscription | undefined = undefined;
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
    const attempt = new Attempt(this);
    this.#current = attempt;
    let credentials: AttemptCredentials | Promise<AttemptCredentials>;
    try {
      credentials = attemptCredentials(this.#config);
    } catch (error) {
      this.#fail(attempt, error);
      return;
    }
    if (!(credentials instanceof Promise)) {
      this.#open(attempt, credentials);
      return;
    }
    // A provider that never answers is a connection that never opens.
    const { connectTimeoutMs, scheduler } = this.#config;
    attempt.connectTimer = scheduler.schedule(
      () => this.#fail(attempt, new ConnectTimeoutError(connectTimeoutMs)),
      connectTimeoutMs,
    );
    credentials.then(
      (value) => {
        if (attempt.dead) return;
        attempt.connectTimer?.unsubscribe();
        attempt.connectTimer = undefined;
        this.#open(attempt, value);
      },
      (error: unknown) => this.#fail(attempt, error),
    );
  }

  #open(attempt: Attempt, credentials: AttemptCredentials): void {
    const config = this.#config;
    const { scheduler, connectTimeoutMs } = config;
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
      this.#fail(attempt, error);
      return;
    }
    attempt.socket = socket;
    attempt.connectTimer = scheduler.schedule(
      () => this.#fail(attempt, new ConnectTimeoutError(connectTimeoutMs)),
      connectTimeoutMs,
    );
    const handlers = socket as unknown as SocketHandlers;
    handlers.onopen = () => this.#opened(attempt, socket);
    attempt.frames = listenToSocket(socket, attempt);
    if (attempt.frames === null) {
      handlers.onmessage = (event) => attempt.receive(event.data);
      handlers.onclose = (event) => attempt.closed(event.code, event.reason);
      handlers.onerror = (event) => attempt.errored((event as { error?: unknown } | null)?.error);
    }
  }

  /** A 1009 from the server means *our* frame was too big for it: its code and reason pass through as they came. */
  closed(attempt: Attempt, code: number, reason: string): void {
    this.#fail(attempt, new CloseError(code, reason, undefined, { resuming: attempt.resuming }));
  }

  // An error is always followed by a close, which carries the code, except
  // that `ws` reports its own refusal of a bad inbound frame as 1006 locally
  // (it sends the server the real code: 1009 for a frame over maxPayload,
  // 1007 for invalid UTF-8, 1002 for a protocol violation). Recognise those
  // here, so a frame that will fail the same way again is terminal instead
  // of retried forever.
  errored(attempt: Attempt, error: unknown): void {
    const refused = refusedFrame(error);
    if (refused === MessageTooBig) this.#fail(attempt, tooBig(this.#config.maxFrameBytes));
    else if (refused !== undefined)
      this.#fail(
        attempt,
        new CloseError(refused, 'the client refused an inbound frame', undefined, {
          resuming: attempt.resuming,
        }),
      );
  }

  #opened(attempt: Attempt, socket: WebSocketLike): void {
    const { scheduler, pingTimeoutMs, handshakeTimeoutMs } = this.#config;
    attempt.connectTimer?.unsubscribe();
    attempt.connectTimer = undefined;
    // A socket opens once: let go of the handler (and `ws`'s wrapper around it).
    (socket as unknown as SocketHandlers).onopen = null;
    // The watchdog and the handshake deadline are armed now rather than at
    // subscribe time: until open only the connect timeout may judge the socket.
    if (handshakeTimeoutMs !== false && attempt.startedAt < 0) {
      attempt.handshake = scheduler.schedule(
        () => this.#fail(attempt, new HandshakeTimeoutError(handshakeTimeoutMs)),
        handshakeTimeoutMs,
      );
    }
    if (pingTimeoutMs !== false) {
      attempt.watchdog = startWatchdog(scheduler, pingTimeoutMs, () =>
        this.#fail(attempt, new PingTimeoutError(pingTimeoutMs)),
      );
    }
    this.#hooks.onState?.('open');
    this.#hooks.onOpen?.(attempt);
  }

  abort(attempt: Attempt, cause: Error): void {
    this.#abortedWith = cause;
    const socket = attempt.socket;
    if (attempt.dead || socket === null) return;
    (socket as unknown as SocketHandlers).onclose = null;
    closeSocket(socket, ClientAbort, closeReason(cause));
    this.#fail(attempt, cause);
  }

  received(attempt: Attempt, raw: unknown): void {
    if (attempt.dead) return;
    const config = this.#config;
    // `ws` enforces the limit before buffering; other implementations can
    // only be checked here (text frames by their length in characters).
    if (sizeOf(raw) > config.maxFrameBytes) {
      this.#fail(attempt, tooBig(config.maxFrameBytes));
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
        this.#fail(attempt, error);
        return;
      }
      if (config.strict && diagnostic.kind !== 'unknown-type')
        this.#fail(attempt, new DecodeError(diagnostic));
      return;
    }
    attempt.watchdog?.feed();
    if (frame.type === 'session_started') {
      if (attempt.startedAt < 0) {
        attempt.startedAt = config.scheduler.now();
        attempt.handshake?.unsubscribe();
        attempt.handshake = undefined;
      }
      this.#conversationId = frame.conversation_id;
      this.#resuming = true;
    } else if (frame.type === 'response_complete') {
      this.#failures = 0;
    } else if (frame.type === 'ping' && config.pingTimeoutMs !== false) {
      // Pings only feed the watchdog.
      return;
    }
    if (this.#over) return;
    this.#sink.next(frame);
    if (frame.type === 'session_ended' && !attempt.dead && !this.#over) this.#end();
  }

  /** The attempt errored: retry with backoff, or end the stream with the error. */
  #fail(attempt: Attempt, error: unknown): void {
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

  #dispose(attempt: Attempt): void {
    attempt.dead = true;
    if (this.#current === attempt) this.#current = null;
    attempt.connectTimer?.unsubscribe();
    attempt.handshake?.unsubscribe();
    attempt.watchdog?.stop();
    attempt.connectTimer = attempt.handshake = attempt.watchdog = undefined;
    const socket = attempt.socket;
    if (socket === null) return;
    attempt.socket = null;
    const handlers = socket as unknown as SocketHandlers;
    handlers.onopen = null;
    if (attempt.frames !== null) {
      attempt.frames.stop();
      attempt.frames = null;
    } else {
      handlers.onmessage = null;
      handlers.onclose = null;
      // Kept as a no-op, not null: `ws` emits 'error' when a CONNECTING socket
      // is closed, and an EventEmitter with no 'error' listener throws.
      handlers.onerror = ignore;
    }
    if (socket.readyState === Connecting || socket.readyState === Open) {
      closeSocket(socket, 1000);
    }
  }
}

function tooBig(maxFrameBytes: number): CloseError {
  return new CloseError(
    MessageTooBig,
    `an inbound frame exceeded maxFrameBytes (${maxFrameBytes})`,
  );
}

// A close reason may hold at most 123 bytes of UTF-8: cut at 120, before
// the character the cut would split (a byte 10xxxxxx continues one), so a
// U+FFFD that was in the message stays and none is made up.
function closeReason(cause: Error): string {
  const bytes = new TextEncoder().encode(cause.message);
  if (bytes.length <= 123) return cause.message;
  let end = 120;
  while ((bytes[end]! & 0xc0) === 0x80) end -= 1;
  return new TextDecoder().decode(bytes.subarray(0, end)) + '...';
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

// The close code `ws` sent for its own refusal of an inbound frame, from the
// error's `code` (stable across `ws` versions); `undefined` for other errors.
function refusedFrame(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  // A compressed frame that does not inflate: `ws` closes with 1007 and
  // passes on zlib's error, whose code is zlib's (`Z_DATA_ERROR`, ...).
  if (code.startsWith('Z_')) return InvalidPayload;
  if (!code.startsWith('WS_ERR_')) return undefined;
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return MessageTooBig;
  if (code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH') return MessageTooBig;
  if (code === 'WS_ERR_INVALID_UTF8') return InvalidPayload;
  if (code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS') return PolicyViolation;
  return ProtocolError;
}

function dispositionOf(error: unknown, resuming: boolean): 'retry' | 'rate-limited' | 'terminal' {
  if (
    error instanceof PingTimeoutError ||
    error instanceof ConnectTimeoutError ||
    error instanceof HandshakeTimeoutError
  ) {
    return 'retry';
  }
  if (!(error instanceof CloseError)) return 'terminal';
  const disposition = closeDisposition(error.code, { resuming });
  // Without session_ended even a 1000 is a drop: the conversation did not end.
  return disposition === 'normal' ? 'retry' : disposition;
}

function exhausted(error: unknown, policy: ReconnectPolicy): CloseError {
  const last = error instanceof Error ? error.message : String(error);
  const code = error instanceof CloseError ? error.code : Abnormal;
  const reason = error instanceof CloseError ? error.reason : '';
  const gaveUp = new CloseError(
    code,
    reason,
    `gave up after ${policy.maxAttempts} reconnect attempts without a healthy connection (last: ${last})`,
  );
  return Object.assign(gaveUp, { cause: error });
}
