import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import type { ClientFrame } from '../protocol/clientFrames.js';
import type { Diagnostic } from '../protocol/Diagnostic.js';
import { validateToken, type AuthMode } from './authToken.js';
import { parseBaseUrl, type QueryParams } from './buildUrl.js';
import type { ParamsProvider, TokenProvider } from './credentials.js';
import { defaultWebSocketCtor } from './defaultWebSocket.js';
import { resolveReconnectPolicy, type ReconnectPolicy } from './ReconnectPolicy.js';
import type { WebSocketConstructor } from './WebSocketLike.js';

/** Options of {@link textStream} (and of `connect`, which adds its own). */
export interface TextStreamOptions {
  /** The endpoint, e.g. `wss://agent.example.com/agent/text-stream`; `http(s)` maps to `ws(s)`. */
  readonly url: string;
  /** Resume this conversation; otherwise a new one is created. */
  readonly conversationId?: string;
  /** Ask for `tool_call_started` / `tool_call_completed` frames. */
  readonly toolEvents?: boolean;
  /**
   * Extra query parameters (`workspace_id`, `service_id`, ...), encoded for
   * you; or a function, sync or async, called for every connection attempt.
   */
  readonly params?: QueryParams | ParamsProvider;
  /**
   * A bearer token, or a function (sync or async) called for every
   * connection attempt, so a reconnect presents a fresh one. A provider that
   * throws, rejects or returns an unusable token ends the stream with a
   * `CredentialsError`. A token never appears in errors, logs or state.
   */
  readonly token?: string | TokenProvider;
  /** How the token travels; `subprotocol` (the default) keeps it out of the URL. */
  readonly auth?: AuthMode;
  /** Frames to send; each goes out on the open socket, or waits for the next one. */
  readonly input$?: Observable<ClientFrame>;
  /** Silence that counts as a dead socket (default 45 000); `false` turns the watchdog off. */
  readonly pingTimeoutMs?: number | false;
  /**
   * How long a socket may stay connecting (default 10 000), token and params
   * providers included; then a `ConnectTimeoutError`, retried.
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long an open socket may go without `session_started` (default
   * 10 000; pings do not count); then a `HandshakeTimeoutError`, retried.
   * `false` waits forever.
   */
  readonly handshakeTimeoutMs?: number | false;
  /** The largest inbound frame accepted (default 1 MiB); a bigger one ends the stream with a `CloseError` 1009. */
  readonly maxFrameBytes?: number;
  /** Backoff and budget for reconnecting, or `false` to end on the first close. */
  readonly reconnect?: Partial<ReconnectPolicy> | false;
  /** A W3C-compatible WebSocket class; defaults to `ws` in Node and the global one in browsers. */
  readonly WebSocketCtor?: WebSocketConstructor;
  /** Where timers run; a `TestScheduler` in virtual-time tests. */
  readonly scheduler?: SchedulerLike;
  /** Error on a malformed frame instead of dropping it (see `decodeFrames`). */
  readonly strict?: boolean;
  /** Called for every inbound frame that was dropped. */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** The jitter source, `Math.random` by default; seed it for reproducible runs. */
  readonly random?: () => number;
}

/** The options checked and filled in. */
export interface ResolvedTextStreamOptions {
  /** The checked base URL, `ws:` or `wss:`, as text: a `URL` object per session costs heap. */
  readonly baseUrl: string;
  readonly conversationId: string | undefined;
  readonly toolEvents: boolean;
  readonly params: QueryParams | ParamsProvider;
  readonly token: string | TokenProvider | undefined;
  readonly auth: AuthMode;
  readonly pingTimeoutMs: number | false;
  readonly connectTimeoutMs: number;
  readonly handshakeTimeoutMs: number | false;
  readonly maxFrameBytes: number;
  readonly reconnect: ReconnectPolicy | false;
  readonly WebSocketCtor: WebSocketConstructor;
  readonly scheduler: SchedulerLike;
  readonly strict: boolean;
  readonly onDiagnostic: ((diagnostic: Diagnostic) => void) | undefined;
  readonly random: () => number;
}

// Shared by every connection without params of its own.
const noParams: QueryParams = Object.freeze({});

/** Checks every option up front, throwing a `TypeError` that never quotes the token. */
export function resolveTextStreamOptions(options: TextStreamOptions): ResolvedTextStreamOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('textStream: options must be an object with a url');
  }
  const {
    url,
    conversationId,
    toolEvents = false,
    params = noParams,
    token,
    auth = 'subprotocol',
    pingTimeoutMs = 45_000,
    connectTimeoutMs = 10_000,
    handshakeTimeoutMs = 10_000,
    maxFrameBytes = 1024 * 1024,
    reconnect,
    WebSocketCtor,
    scheduler = asyncScheduler,
    strict = false,
    onDiagnostic,
    random = Math.random,
  } = options;
  if (typeof url !== 'string') throw new TypeError('textStream: url must be a string');
  const baseUrl = parseBaseUrl(url).href;
  if (
    conversationId !== undefined &&
    (typeof conversationId !== 'string' || conversationId === '')
  ) {
    throw new TypeError('textStream: conversationId must be a non-empty string');
  }
  if (auth !== 'subprotocol' && auth !== 'query') {
    throw new TypeError(`textStream: auth must be 'subprotocol' or 'query', got ${String(auth)}`);
  }
  // A literal token is checked now; a provided one on every attempt.
  if (token !== undefined && typeof token !== 'function') validateToken(token, auth);
  if (typeof params !== 'function' && (params === null || typeof params !== 'object')) {
    throw new TypeError('textStream: params must be an object or a function');
  }
  if (onDiagnostic !== undefined && typeof onDiagnostic !== 'function') {
    throw new TypeError('textStream: onDiagnostic must be a function');
  }
  if (pingTimeoutMs !== false && !(pingTimeoutMs > 0 && Number.isFinite(pingTimeoutMs))) {
    throw new TypeError(
      `textStream: pingTimeoutMs must be a positive number or false, got ${String(pingTimeoutMs)}`,
    );
  }
  if (!(connectTimeoutMs > 0 && Number.isFinite(connectTimeoutMs))) {
    throw new TypeError(
      `textStream: connectTimeoutMs must be a positive number, got ${String(connectTimeoutMs)}`,
    );
  }
  if (
    handshakeTimeoutMs !== false &&
    !(handshakeTimeoutMs > 0 && Number.isFinite(handshakeTimeoutMs))
  ) {
    throw new TypeError(
      `textStream: handshakeTimeoutMs must be a positive number or false, got ${String(handshakeTimeoutMs)}`,
    );
  }
  if (!(Number.isInteger(maxFrameBytes) && maxFrameBytes > 0)) {
    throw new TypeError(
      `textStream: maxFrameBytes must be a positive whole number, got ${String(maxFrameBytes)}`,
    );
  }
  return {
    baseUrl,
    conversationId,
    toolEvents,
    params,
    token,
    auth,
    pingTimeoutMs,
    connectTimeoutMs,
    handshakeTimeoutMs,
    maxFrameBytes,
    reconnect: reconnect === false ? false : resolveReconnectPolicy(reconnect),
    WebSocketCtor: WebSocketCtor ?? defaultWebSocketCtor(maxFrameBytes),
    scheduler,
    strict,
    onDiagnostic,
    random,
  };
}
