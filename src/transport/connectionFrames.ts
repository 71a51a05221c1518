import { defer, finalize, identity, Observable, retry, takeWhile, tap, timer } from 'rxjs';
import { CloseError } from '../protocol/CloseError.js';
import { closeDisposition, CloseCode } from '../protocol/closeCodes.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { decodeFrames } from '../operators/decodeFrames.js';
import { pingTimeout, PingTimeoutError } from '../operators/pingTimeout.js';
import { buildUrl } from './buildUrl.js';
import { ConnectTimeoutError } from './ConnectTimeoutError.js';
import type { ConnectionHooks } from './ConnectionState.js';
import { openSocket } from './openSocket.js';
import { backoffDelay, type ReconnectPolicy } from './ReconnectPolicy.js';
import type { ResolvedTextStreamOptions } from './TextStreamOptions.js';

/**
 * The whole connection as one stream of frames: socket, decode, watchdog,
 * and reconnect with resume, ending after `session_ended`. `hooks` let the
 * session follow the connection's state and write to the open socket.
 */
export function connectionFrames(
  config: ResolvedTextStreamOptions,
  hooks: ConnectionHooks = {},
): Observable<ServerFrame> {
  const { pingTimeoutMs, scheduler, reconnect } = config;
  return defer(() => {
    // Resume state lives per subscription, so the stream stays cold.
    let conversationId = config.conversationId;
    // A 4409 is worth retrying only once a session_started of ours named the conversation.
    let resuming = false;
    let failures = 0;
    hooks.onState?.('connecting');

    const attempt$ = defer(() =>
      openSocket({
        url: buildUrl(config.baseUrl, {
          conversationId,
          toolEvents: config.toolEvents,
          params: config.params,
          token: config.queryToken,
        }),
        protocols: config.protocols,
        WebSocketCtor: config.WebSocketCtor,
        connectTimeoutMs: config.connectTimeoutMs,
        maxFrameBytes: config.maxFrameBytes,
        scheduler,
        closeContext: { resuming },
        onOpen: (send) => {
          hooks.onState?.('open');
          hooks.onOpen?.(send);
        },
      }),
    ).pipe(
      decodeFrames({ strict: config.strict, onDiagnostic: config.onDiagnostic }),
      pingTimeoutMs === false ? identity : pingTimeout<ServerFrame>(pingTimeoutMs, scheduler),
      tap((frame) => {
        if (frame.type === 'session_started') {
          conversationId = frame.conversation_id;
          resuming = true;
          failures = 0;
        }
      }),
      takeWhile((frame) => frame.type !== 'session_ended', true),
    );

    if (reconnect === false) return attempt$.pipe(finalize(() => hooks.onState?.('closed')));
    return attempt$.pipe(
      retry({
        delay: (error: unknown) => {
          const disposition = dispositionOf(error, resuming);
          if (disposition === 'terminal') throw error;
          failures += 1;
          if (failures > reconnect.maxAttempts) throw exhausted(error, reconnect);
          const delayMs = backoffDelay(
            reconnect,
            failures,
            disposition === 'rate-limited',
            config.random,
          );
          hooks.onState?.('reconnecting', { attempt: failures, delayMs, cause: error });
          return timer(delayMs, scheduler);
        },
      }),
      finalize(() => hooks.onState?.('closed')),
    );
  });
}

function dispositionOf(error: unknown, resuming: boolean): 'retry' | 'rate-limited' | 'terminal' {
  if (error instanceof PingTimeoutError || error instanceof ConnectTimeoutError) return 'retry';
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
    `gave up after ${policy.maxAttempts} reconnect attempts (last: ${last})`,
  );
  return Object.assign(gaveUp, { cause: error });
}
