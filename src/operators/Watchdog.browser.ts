import type { SchedulerLike } from 'rxjs';
import { ScheduledWatchdog } from './ScheduledWatchdog.js';
import type { Watchdog } from './Watchdog.js';

/**
 * `startWatchdog` for browsers, which the package's `browser` map puts in
 * place of `Watchdog.ts`: a browser timer cannot be refreshed in place (its
 * `setTimeout` returns a number), so the native-timer path could only ever be
 * tried and given up. This is what that path falls back to, without it.
 */
export function startWatchdog(
  scheduler: SchedulerLike,
  timeoutMs: number,
  trip: () => void,
): Watchdog {
  return new ScheduledWatchdog(scheduler, timeoutMs, trip);
}
