import { distinctUntilChanged, filter, map, pipe, type OperatorFunction } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';

/**
 * Whether the agent is working on an answer: `true` at `typing`, `false` at
 * the turn's `message` or `response_complete`; repeats are suppressed.
 *
 * ```
 * source:  -t-t-m-r--t-s-c-m-r-|
 * typingIndicator()
 * result:  -T---F----T-------F-|     T: true  F: false
 * ```
 *
 * ## Example
 * ```ts
 * import { typingIndicator } from 'rxjs-text-stream';
 *
 * frames$.pipe(typingIndicator()).subscribe((busy) => (spinner.visible = busy));
 * ```
 */
export function typingIndicator(): OperatorFunction<ServerFrame, boolean> {
  return pipe(
    filter(
      (frame) =>
        frame.type === 'typing' || frame.type === 'message' || frame.type === 'response_complete',
    ),
    map((frame) => frame.type === 'typing'),
    distinctUntilChanged(),
  );
}
