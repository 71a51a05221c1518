import type { Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { frames } from './frames.js';

/**
 * The letters `frameMarbles` knows without a value map:
 *
 * | letter | frame |
 * | --- | --- |
 * | `S` / `E` | `session_started` / `session_ended` (`completed`) |
 * | `t` | `typing` |
 * | `m` | `message` "Hello!" |
 * | `r` / `d` | `response_complete` / the same with `duplicate: true` |
 * | `s` / `c` | `tool_call_started` / `tool_call_completed` for call `call_1` |
 * | `x` | a failed `tool_call_completed` for `call_1` |
 * | `e` | `error` |
 * | `p` | `ping` |
 */
export const frameValues: Readonly<Record<string, ServerFrame>> = {
  S: frames.sessionStarted(),
  E: frames.sessionEnded('completed'),
  t: frames.typing(),
  m: frames.message('Hello!'),
  r: frames.responseComplete(),
  d: frames.responseComplete(true),
  s: frames.toolCallStarted('lookup', 'call_1', { query: 'appointments' }),
  c: frames.toolCallCompleted('lookup', 'call_1', '["9:00 AM"]'),
  x: frames.toolCallCompleted('lookup', 'call_1', 'timeout', false),
  e: frames.error('something went wrong'),
  p: frames.ping(),
};

/**
 * A cold frame stream from a marble string, for tests of logic built on these
 * streams: `frameMarbles(scheduler, '-S-t-m-r-|')`. Letters come from
 * {@link frameValues}, and `values` adds or overrides them.
 *
 * ## Example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { typingIndicator } from 'rxjs-text-stream';
 * import { frameMarbles } from 'rxjs-text-stream/testing';
 *
 * // `expect` is your runner's: Jest's global, or imported from 'vitest'.
 * const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
 * scheduler.run(({ expectObservable }) => {
 *   const frames$ = frameMarbles(scheduler, '-S-t--m-r|');
 *   expectObservable(frames$.pipe(typingIndicator())).toBe('---T--F--|', { T: true, F: false });
 * });
 * ```
 */
export function frameMarbles(
  scheduler: TestScheduler,
  marbles: string,
  values: Readonly<Record<string, ServerFrame>> = {},
): Observable<ServerFrame> {
  return scheduler.createColdObservable<ServerFrame>(marbles, { ...frameValues, ...values });
}
