import { Observable, type SchedulerLike } from 'rxjs';
import { CloseError } from '../protocol/CloseError.js';
import { CloseCode, type CloseContext } from '../protocol/closeCodes.js';
import { ConnectTimeoutError } from './ConnectTimeoutError.js';
import {
  ReadyState,
  type SocketHandlers,
  type WebSocketConstructor,
  type WebSocketLike,
} from './WebSocketLike.js';

export interface SocketRequest {
  readonly url: string;
  readonly protocols: string[] | undefined;
  readonly WebSocketCtor: WebSocketConstructor;
  readonly connectTimeoutMs: number;
  /** Frames over this size end the socket with a 1009 `CloseError`. */
  readonly maxFrameBytes: number;
  readonly scheduler: SchedulerLike;
  /** Whether this socket resumes a conversation of ours; decides what a 4409 means. */
  readonly closeContext: CloseContext;
  /**
   * Called once the socket is open, with a function that writes to it and
   * one that aborts it: the socket closes with 4000 and the stream errors
   * with `cause`.
   */
  readonly onOpen: (send: (data: string) => void, abort: (cause: Error) => void) => void;
}

const ignore = (): void => undefined;

/**
 * One WebSocket as a cold Observable of its raw payloads. It never completes:
 * every close, whatever the code, is an error carrying a {@link CloseError},
 * because only a `session_ended` frame, seen further down the pipe, may end a
 * stream normally. Unsubscribing closes the socket with 1000.
 */
export function openSocket(request: SocketRequest): Observable<unknown> {
  const {
    url,
    protocols,
    WebSocketCtor,
    connectTimeoutMs,
    maxFrameBytes,
    scheduler,
    closeContext,
    onOpen,
  } = request;
  return new Observable<unknown>((subscriber) => {
    const socket: WebSocketLike = protocols
      ? new WebSocketCtor(url, protocols)
      : new WebSocketCtor(url);
    const handlers = socket as unknown as SocketHandlers;
    socket.binaryType = 'arraybuffer';

    const connectTimer = scheduler.schedule(
      () => subscriber.error(new ConnectTimeoutError(connectTimeoutMs)),
      connectTimeoutMs,
    );
    const abort = (cause: Error): void => {
      if (subscriber.closed) return;
      handlers.onclose = null;
      socket.close(CloseCode.ClientAbort, closeReason(cause));
      subscriber.error(cause);
    };
    handlers.onopen = () => {
      connectTimer.unsubscribe();
      onOpen((data) => socket.send(data), abort);
    };
    const refuseOversized = () =>
      subscriber.error(
        new CloseError(
          CloseCode.MessageTooBig,
          `an inbound frame exceeded maxFrameBytes (${maxFrameBytes})`,
        ),
      );
    handlers.onmessage = (event) => {
      // `ws` enforces the limit before buffering; other implementations can
      // only be checked here (text frames by their length in characters).
      if (sizeOf(event.data) > maxFrameBytes) refuseOversized();
      else subscriber.next(event.data);
    };
    // A 1009 from the server means *our* frame was too big for it: its code
    // and reason pass through as they came.
    handlers.onclose = (event) =>
      subscriber.error(new CloseError(event.code, event.reason, undefined, closeContext));
    // An error event is always followed by a close event, which carries the
    // code, except that `ws` reports its own refusal of a bad inbound frame
    // as 1006 locally (it sends the server the real code: 1009 for a frame
    // over maxPayload, 1007 for invalid UTF-8, 1002 for a protocol
    // violation). Recognise those here, so a frame that will fail the same
    // way again is terminal instead of retried forever.
    handlers.onerror = (event) => {
      const refused = refusedFrame(event);
      if (refused === CloseCode.MessageTooBig) refuseOversized();
      else if (refused !== undefined) {
        subscriber.error(
          new CloseError(refused, 'the client refused an inbound frame', undefined, closeContext),
        );
      }
    };

    return () => {
      connectTimer.unsubscribe();
      handlers.onopen = null;
      handlers.onmessage = null;
      handlers.onclose = null;
      // Kept as a no-op, not null: `ws` emits 'error' when a CONNECTING socket
      // is closed, and an EventEmitter with no 'error' listener throws.
      handlers.onerror = ignore;
      if (socket.readyState === ReadyState.Connecting || socket.readyState === ReadyState.Open) {
        socket.close(1000);
      }
    };
  });
}

// A close reason may hold at most 123 bytes of UTF-8.
function closeReason(cause: Error): string {
  const bytes = new TextEncoder().encode(cause.message);
  if (bytes.length <= 123) return cause.message;
  return new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD+$/, '') + '...';
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

// The close code `ws` sent for its own refusal of an inbound frame, from the
// error's `code` (stable across `ws` versions); `undefined` for other errors.
function refusedFrame(event: unknown): number | undefined {
  const code = (event as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (typeof code !== 'string' || !code.startsWith('WS_ERR_')) return undefined;
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return CloseCode.MessageTooBig;
  if (code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH') return CloseCode.MessageTooBig;
  if (code === 'WS_ERR_INVALID_UTF8') return CloseCode.InvalidPayload;
  if (code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS') return CloseCode.PolicyViolation;
  return CloseCode.ProtocolError;
}
