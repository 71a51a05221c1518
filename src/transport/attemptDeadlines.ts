import type { SchedulerLike } from 'rxjs';
import { PingTimeoutError } from '../operators/pingTimeout.js';
import type { ConnectionAttempt } from './ConnectionAttempt.js';
import { ConnectTimeoutError } from './ConnectTimeoutError.js';
import { HandshakeTimeoutError } from './HandshakeTimeoutError.js';
import type { ResolvedTextStreamOptions } from './TextStreamOptions.js';
import { startWatchdog } from '../operators/Watchdog.js';

// The deadlines of one attempt: until the socket opens only the connect
// deadline may judge it; once open, the handshake deadline (until the first
// `session_started`) and the watchdog (fed by every frame). Each one that
// passes fails the attempt with its own error. Functions over the attempt's
// fields rather than an object of their own: one attempt per socket, and
// nothing more to allocate for it.

/** Arms the connect deadline: credentials, then the socket's open, must come within `connectTimeoutMs`. */
export function armConnectDeadline(
  attempt: ConnectionAttempt,
  config: ResolvedTextStreamOptions,
): void {
  const { scheduler, connectTimeoutMs } = config;
  attempt.connectTimer = scheduler.schedule(
    () => attempt.owner.fail(attempt, new ConnectTimeoutError(connectTimeoutMs)),
    connectTimeoutMs,
  );
}

/** The credentials came, or the socket opened, in time. */
export function stopConnectDeadline(attempt: ConnectionAttempt): void {
  attempt.connectTimer?.unsubscribe();
  attempt.connectTimer = undefined;
}

/**
 * Arms the handshake deadline and the watchdog, now that the socket is open
 * rather than at subscribe time: until open only the connect deadline may
 * judge the socket.
 */
export function armOpenDeadlines(
  attempt: ConnectionAttempt,
  config: ResolvedTextStreamOptions,
): void {
  const { scheduler, pingTimeoutMs, handshakeTimeoutMs } = config;
  if (handshakeTimeoutMs !== false && attempt.startedAt < 0) {
    attempt.handshake = scheduler.schedule(
      () => attempt.owner.fail(attempt, new HandshakeTimeoutError(handshakeTimeoutMs)),
      handshakeTimeoutMs,
    );
  }
  if (pingTimeoutMs !== false) {
    attempt.watchdog = startWatchdog(scheduler, pingTimeoutMs, () =>
      attempt.owner.fail(attempt, new PingTimeoutError(pingTimeoutMs)),
    );
  }
}

/** The socket's first `session_started` came: the handshake deadline is met. */
export function meetHandshake(attempt: ConnectionAttempt, scheduler: SchedulerLike): void {
  if (attempt.startedAt >= 0) return;
  attempt.startedAt = scheduler.now();
  attempt.handshake?.unsubscribe();
  attempt.handshake = undefined;
}

/** Stops every deadline of the attempt. */
export function stopDeadlines(attempt: ConnectionAttempt): void {
  attempt.connectTimer?.unsubscribe();
  attempt.handshake?.unsubscribe();
  attempt.watchdog?.unsubscribe();
  attempt.connectTimer = attempt.handshake = attempt.watchdog = undefined;
}
