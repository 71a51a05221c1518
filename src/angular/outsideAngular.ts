import type { NgZone } from '@angular/core';
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * A scheduler that arms its timers outside the Angular zone: zone.js counts a
 * pending `setInterval` as a macrotask, and an app with one is never stable.
 * Rescheduling from inside a timer's work stays outside, since that work runs
 * in the zone the timer was armed in.
 */
export function outsideAngular(zone: NgZone, scheduler: SchedulerLike): SchedulerLike {
  return {
    now: () => scheduler.now(),
    schedule: <T>(
      work: (this: SchedulerAction<T>, state?: T) => void,
      delay?: number,
      state?: T,
    ): Subscription => zone.runOutsideAngular(() => scheduler.schedule(work, delay, state)),
  };
}
