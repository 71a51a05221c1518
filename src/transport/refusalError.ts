import { CloseError } from '../protocol/CloseError.js';
import type { CloseCode } from '../protocol/closeCodes.js';
import { tooBig } from './connectionFailures.js';

// The close codes used here, as literals the type checker holds to
// CloseCode's names (connectionFailures.ts says why not `CloseCode.X`).
type Code<K extends keyof typeof CloseCode> = (typeof CloseCode)[K];
const MessageTooBig: Code<'MessageTooBig'> = 1009;
const InvalidPayload: Code<'InvalidPayload'> = 1007;
const PolicyViolation: Code<'PolicyViolation'> = 1008;
const ProtocolError: Code<'ProtocolError'> = 1002;

// Only `ws` (Node) refuses frames on its own: browser bundles get
// refusalError.browser.ts in its place (the package's `browser` map), where
// a socket's `error` event never carries a code and its close always says.
//
// An error is always followed by a close, which carries the code, except
// that `ws` reports its own refusal of a bad inbound frame as 1006 locally
// (it sends the server the real code: 1009 for a frame over maxPayload,
// 1007 for invalid UTF-8, 1002 for a protocol violation). Recognise those
// here, so a frame that will fail the same way again is terminal instead
// of retried forever.
/** The error a socket's `error` event means, or `undefined` when its close will say. */
export function refusalError(
  error: unknown,
  maxFrameBytes: number,
  resuming: boolean,
): CloseError | undefined {
  const refused = refusedFrame(error);
  if (refused === MessageTooBig) return tooBig(maxFrameBytes);
  if (refused === undefined) return undefined;
  return new CloseError(refused, 'the client refused an inbound frame', undefined, { resuming });
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
