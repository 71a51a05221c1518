import { filter, from, map, merge, type Observable, type ObservableInput, scan } from 'rxjs';
import { CloseError } from '../../protocol/CloseError.js';
import type { TextStreamSession } from '../../session/TextStreamSession.js';
import { defaultReconnectPolicy } from '../../transport/ReconnectPolicy.js';
import type { ConnectionWatch } from './ConnectionWatch.js';

/** A reconnect the session is about to make, as the CLI reports it. */
export interface ReconnectNotice {
  /** 1 for the first attempt after a healthy connection. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The backoff before the attempt, when the session says. */
  readonly delayMs: number | undefined;
  /** What ended the previous socket: a `CloseError`, or an `Error` with a `code`. */
  readonly cause: unknown;
}

/** The shape the session is to expose as `reconnects$` (the lead's rewrite). */
interface SessionReconnect {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly cause: unknown;
}

/**
 * Reconnects as the CLI reports them. A session with `reconnects$` is used
 * as is; today's session only says `reconnecting` on `state$`, so attempts
 * are counted from that (a failed attempt that never opened a socket is not
 * seen again) and the cause comes from the CLI's own sockets.
 */
export function reconnectNotices(
  session: TextStreamSession,
  watch: ConnectionWatch,
): Observable<ReconnectNotice> {
  const reconnects$ = (session as { reconnects$?: ObservableInput<SessionReconnect> }).reconnects$;
  if (reconnects$ !== undefined) {
    return from(reconnects$).pipe(map((r) => ({ ...r, cause: sharper(r.cause, watch.lastCause) })));
  }
  return merge(
    session.session$.pipe(map(() => 'started' as const)),
    session.state$.pipe(filter((state) => state === 'reconnecting')),
  ).pipe(
    scan((attempt, event) => (event === 'started' ? 0 : attempt + 1), 0),
    filter((attempt) => attempt > 0),
    map((attempt) => ({
      attempt,
      maxAttempts: defaultReconnectPolicy.maxAttempts,
      delayMs: undefined,
      cause: watch.lastCause,
    })),
  );
}

/** A bare 1006 says nothing; the socket's own error (ECONNREFUSED, TLS) says why. */
function sharper(cause: unknown, watched: unknown): unknown {
  return cause instanceof CloseError && cause.code === 1006 && watched !== undefined
    ? watched
    : cause;
}
