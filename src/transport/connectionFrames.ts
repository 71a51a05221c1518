import {
  defer,
  finalize,
  from,
  Observable,
  retry,
  Subject,
  switchMap,
  takeWhile,
  tap,
  throwError,
  timeout,
  timer,
  type Subscription,
} from 'rxjs';
import { CloseError } from '../protocol/CloseError.js';
import { closeDisposition, CloseCode } from '../protocol/closeCodes.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { decodeFrames } from '../operators/decodeFrames.js';
import { PingTimeoutError } from '../operators/pingTimeout.js';
import { buildUrl } from './buildUrl.js';
import { ConnectTimeoutError } from './ConnectTimeoutError.js';
import type { ConnectionHooks } from './ConnectionState.js';
import { attemptCredentials, type AttemptCredentials } from './credentials.js';
import { HandshakeTimeoutError } from './HandshakeTimeoutError.js';
import { openSocket } from './openSocket.js';
import { backoffDelay, type ReconnectPolicy } from './ReconnectPolicy.js';
import type { ResolvedTextStreamOptions } from './TextStreamOptions.js';
import { watchConnection } from './watchConnection.js';

/**
 * The whole connection as one stream of frames: credentials, socket, decode,
 * deadlines, and reconnect with resume, ending after `session_ended`. `hooks`
 * let the session follow the connection's state, write to the open socket
 * and abort it.
 */
export function connectionFrames(
  config: ResolvedTextStreamOptions,
  hooks: ConnectionHooks = {},
): Observable<ServerFrame> {
  const { scheduler, reconnect } = config;
  return defer(() => {
    // Resume state lives per subscription, so the stream stays cold.
    let conversationId = config.conversationId;
    // A 4409 is worth retrying only once a session_started of ours named the conversation.
    let resuming = false;
    let failures = 0;
    let abortedWith: Error | undefined;
    hooks.onState?.('connecting');

    // The budget refills only once a connection proved healthy.
    const healthy = (): void => {
      failures = 0;
    };

    const openWith = (credentials: AttemptCredentials): Observable<ServerFrame> =>
      defer(() => {
        const opened$ = new Subject<void>();
        let stable: Subscription | undefined;
        return openSocket({
          url: buildUrl(config.baseUrl, {
            conversationId,
            toolEvents: config.toolEvents,
            params: credentials.params,
            token: credentials.queryToken,
          }),
          protocols: credentials.protocols,
          WebSocketCtor: config.WebSocketCtor,
          connectTimeoutMs: config.connectTimeoutMs,
          maxFrameBytes: config.maxFrameBytes,
          scheduler,
          closeContext: { resuming },
          onOpen: (send, abort) => {
            opened$.next();
            hooks.onState?.('open');
            hooks.onOpen?.(send, (cause) => {
              abortedWith = cause;
              abort(cause);
            });
          },
        }).pipe(
          decodeFrames({ strict: config.strict, onDiagnostic: config.onDiagnostic }),
          watchConnection(opened$, config, scheduler),
          tap((frame) => {
            if (frame.type === 'session_started') {
              conversationId = frame.conversation_id;
              resuming = true;
              if (reconnect !== false && stable === undefined) {
                stable = scheduler.schedule(healthy, reconnect.stableAfterMs);
              }
            } else if (frame.type === 'response_complete') {
              healthy();
            }
          }),
          finalize(() => stable?.unsubscribe()),
        );
      });

    const attempt$ = defer(() => {
      const credentials = attemptCredentials(config);
      if (!(credentials instanceof Promise)) return openWith(credentials);
      // A provider that never answers is a connection that never opens.
      return from(credentials).pipe(
        timeout({
          first: config.connectTimeoutMs,
          scheduler,
          with: () => throwError(() => new ConnectTimeoutError(config.connectTimeoutMs)),
        }),
        switchMap(openWith),
      );
    }).pipe(takeWhile((frame) => frame.type !== 'session_ended', true));

    if (reconnect === false) return attempt$.pipe(finalize(() => hooks.onState?.('closed')));
    return attempt$.pipe(
      retry({
        delay: (error: unknown) => {
          const disposition = error === abortedWith ? 'retry' : dispositionOf(error, resuming);
          if (disposition === 'terminal') throw error;
          failures += 1;
          if (failures > reconnect.maxAttempts) throw exhausted(error, reconnect);
          const delayMs = backoffDelay(
            reconnect,
            failures,
            disposition === 'rate-limited',
            config.random,
          );
          hooks.onState?.('reconnecting', {
            attempt: failures,
            maxAttempts: reconnect.maxAttempts,
            delayMs,
            cause: error,
          });
          return timer(delayMs, scheduler);
        },
      }),
      finalize(() => hooks.onState?.('closed')),
    );
  });
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
  const code = error instanceof CloseError ? error.code : CloseCode.Abnormal;
  const reason = error instanceof CloseError ? error.reason : '';
  const gaveUp = new CloseError(
    code,
    reason,
    `gave up after ${policy.maxAttempts} reconnect attempts without a healthy connection (last: ${last})`,
  );
  return Object.assign(gaveUp, { cause: error });
}
