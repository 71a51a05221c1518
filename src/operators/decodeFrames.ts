import type { OperatorFunction } from 'rxjs';
import { DecodeError } from '../protocol/DecodeError.js';
import { DecodeFailure, decodeFrameOrFailure } from '../protocol/decodeFrame.js';
import type { Diagnostic } from '../protocol/Diagnostic.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { Observable } from './rxjs.js';

/** Options of {@link decodeFrames}. */
export interface DecodeFramesOptions {
  /**
   * Error the stream with a {@link DecodeError} on a malformed frame instead
   * of dropping it. Unknown frame types are dropped even in strict mode: the
   * protocol promises new types, and they must not break old clients.
   */
  readonly strict?: boolean;
  /** Called with a report for every frame that is dropped (or, in strict mode, fatal). */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/**
 * Decodes raw socket payloads (text, `ArrayBuffer`, `Uint8Array`/`Buffer`, or
 * already-parsed objects) into typed {@link ServerFrame}s.
 *
 * ```
 * source:  --a--b--c--d--|      a: session_started  b: '{"type":"future"}'
 * decodeFrames()                c: 'not json'       d: message
 * result:  --A-----------D--|   (b and c reported through onDiagnostic)
 * ```
 *
 * ## Example
 * ```ts
 * import { decodeFrames } from 'rxjs-text-stream';
 *
 * raw$.pipe(decodeFrames({ onDiagnostic: (d) => console.warn(d.message) }))
 *   .subscribe((frame) => console.log(frame.type));
 * ```
 *
 * @see {@link decodeFrame} to decode one payload outside a stream.
 */
export function decodeFrames(
  options: DecodeFramesOptions = {},
): OperatorFunction<unknown, ServerFrame> {
  const { strict = false, onDiagnostic } = options;
  if (onDiagnostic !== undefined && typeof onDiagnostic !== 'function') {
    throw new TypeError('decodeFrames: onDiagnostic must be a function');
  }
  return (source) =>
    new Observable<ServerFrame>((subscriber) =>
      source.subscribe({
        next(raw) {
          const frame = decodeFrameOrFailure(raw);
          if (!(frame instanceof DecodeFailure)) {
            subscriber.next(frame);
            return;
          }
          const { diagnostic } = frame;
          try {
            onDiagnostic?.(diagnostic);
          } catch (err) {
            // A throwing callback must not escape into the socket's event loop.
            subscriber.error(err);
            return;
          }
          if (strict && diagnostic.kind !== 'unknown-type')
            subscriber.error(new DecodeError(diagnostic));
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}
