import type { OperatorFunction, SchedulerLike } from 'rxjs';
import type { PingFrame } from '../protocol/serverFrames.js';
import { asyncScheduler, Observable } from './rxjs.js';
import { startWatchdog } from './Watchdog.js';

/**
 * No frame at all arrived for `dueMs`: the socket is dead even if TCP has not
 * noticed.
 */
export class PingTimeoutError extends Error {
  override readonly name = 'PingTimeoutError';

  constructor(readonly dueMs: number) {
    super(`no frame received for ${dueMs} ms`);
  }
}

/**
 * A dead-socket watchdog. Errors with {@link PingTimeoutError} when no frame
 * arrives for `dueMs`; every frame resets it. `ping` frames exist only to
 * reset it, so they are consumed here and not passed on.
 *
 * ```
 * source:  -a-p---b---------|     p: ping
 * pingTimeout(5)
 * result:  -a-----b----#           (# = PingTimeoutError, 5 after b)
 * ```
 *
 * ## Example
 * ```ts
 * import { decodeFrames, pingTimeout } from 'rxjs-text-stream';
 *
 * raw$.pipe(decodeFrames(), pingTimeout(45_000)).subscribe({
 *   error: (err) => console.error(err.name), // 'PingTimeoutError'
 * });
 * ```
 *
 * @param dueMs Silence, in milliseconds, after which the socket counts as dead.
 * @param scheduler Where time is measured (a `TestScheduler` in tests).
 */
export function pingTimeout<T extends { readonly type: string }>(
  dueMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<T, Exclude<T, PingFrame>> {
  if (!(dueMs > 0) || !Number.isFinite(dueMs)) {
    throw new TypeError(
      `pingTimeout: dueMs must be a positive, finite number of milliseconds, got ${dueMs}`,
    );
  }
  return (source) =>
    new Observable<Exclude<T, PingFrame>>((subscriber) => {
      // The connection's own watchdog: one timer, pushed back by every frame.
      const watchdog = startWatchdog(scheduler, dueMs, () =>
        subscriber.error(new PingTimeoutError(dueMs)),
      );
      subscriber.add(watchdog);
      return source.subscribe({
        next(frame) {
          watchdog.feed();
          if (frame.type !== 'ping') subscriber.next(frame as Exclude<T, PingFrame>);
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
