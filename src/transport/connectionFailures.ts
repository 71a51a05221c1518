import { CloseError } from '../protocol/CloseError.js';
import { closeDisposition, type CloseCode } from '../protocol/closeCodes.js';
import { PingTimeoutError } from '../operators/pingTimeout.js';
import { ConnectTimeoutError } from './ConnectTimeoutError.js';
import { HandshakeTimeoutError } from './HandshakeTimeoutError.js';
import type { ReconnectPolicy } from './ReconnectPolicy.js';

// The close codes used here, as literals the type checker holds to
// CloseCode's names: reading `CloseCode.X` would bundle the whole table of
// names into every app that connects.
type Code<K extends keyof typeof CloseCode> = (typeof CloseCode)[K];
const MessageTooBig: Code<'MessageTooBig'> = 1009;
const Abnormal: Code<'Abnormal'> = 1006;

// How a connection judges the end of a socket: the error a close or a
// refused frame becomes, whether that error is worth a retry, and the
// reason sent with a close of our own.

/** An inbound frame over `maxFrameBytes`: the code the server would have sent for one of ours. */
export function tooBig(maxFrameBytes: number): CloseError {
  return new CloseError(
    MessageTooBig,
    `an inbound frame exceeded maxFrameBytes (${maxFrameBytes})`,
  );
}

// A close reason may hold at most 123 bytes of UTF-8: cut at 120, before
// the character the cut would split (a byte 10xxxxxx continues one), so a
// U+FFFD that was in the message stays and none is made up.
/** The reason sent with our own close, taken from the error that caused it. */
export function closeReason(cause: Error): string {
  const bytes = new TextEncoder().encode(cause.message);
  if (bytes.length <= 123) return cause.message;
  let end = 120;
  while ((bytes[end]! & 0xc0) === 0x80) end -= 1;
  return new TextDecoder().decode(bytes.subarray(0, end)) + '...';
}

/** Whether an attempt that failed with `error` is retried, retried after the rate-limit delay, or ends the stream. */
export function dispositionOf(
  error: unknown,
  resuming: boolean,
): 'retry' | 'rate-limited' | 'terminal' {
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

/** The error the stream ends with once the retry budget is spent, `error` (the last one) as its cause. */
export function exhausted(error: unknown, policy: ReconnectPolicy): CloseError {
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
