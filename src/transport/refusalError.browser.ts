import type { CloseError } from '../protocol/CloseError.js';

/**
 * `refusalError` for browsers, which the package's `browser` map puts in
 * place of `refusalError.ts`: a browser's WebSocket reports an error as a
 * bare `Event` and then closes with the code, so no error event means a
 * refused frame on its own, and `ws`'s error codes (`WS_ERR_*`, zlib's
 * `Z_*`) never reach the bundle.
 */
export function refusalError(
  _error: unknown,
  _maxFrameBytes: number,
  _resuming: boolean,
): CloseError | undefined {
  return undefined;
}
