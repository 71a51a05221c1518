import type { OperatorFunction } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { Observable } from './rxjs.js';

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
  // One subscriber rather than `filter`, `map` and `distinctUntilChanged`:
  // the same values, with a third of the subscribers per session.
  return (source) =>
    new Observable<boolean>((subscriber) => {
      let typing: boolean | undefined;
      return source.subscribe({
        next({ type }) {
          if (type !== 'typing' && type !== 'message' && type !== 'response_complete') return;
          const now = type === 'typing';
          if (now !== typing) subscriber.next((typing = now));
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
