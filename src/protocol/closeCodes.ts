/**
 * How the platform's close codes are handled on reconnect. The table is the
 * platform notes' one; a code it does not list is treated as a drop (retry),
 * except 1000, which is a normal end.
 */
export type CloseDisposition = 'normal' | 'retry' | 'rate-limited' | 'terminal';

/** The close codes the platform uses, by name. */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  ProtocolError: 1002,
  Abnormal: 1006,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
  BadParameters: 4001,
  Forbidden: 4003,
  TooManyConnections: 4029,
  NotAuthenticated: 4100,
  AuthForbidden: 4403,
} as const;

const terminal: ReadonlySet<number> = new Set([1002, 1008, 1009, 4001, 4003, 4100, 4403]);
const rateLimited: ReadonlySet<number> = new Set([1013, 4029]);

/** What a close with `code` means for reconnecting. */
export function closeDisposition(code: number): CloseDisposition {
  if (code === CloseCode.Normal) return 'normal';
  if (terminal.has(code)) return 'terminal';
  if (rateLimited.has(code)) return 'rate-limited';
  return 'retry';
}

/** True when a close with `code` may be retried (with backoff). */
export function isRetryableClose(code: number): boolean {
  const disposition = closeDisposition(code);
  return disposition === 'retry' || disposition === 'rate-limited';
}
