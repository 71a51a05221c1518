import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * A watchdog on any scheduler: frames stamp the time, and the scheduled
 * action, when it comes early, re-arms for what is left. (It does not name
 * the `Watchdog` interface, which `Watchdog.ts` declares and which imports
 * this file: the two must not import each other.)
 */
export class ScheduledWatchdog {
  readonly #scheduler: SchedulerLike;
  #lastFedAt: number;
  readonly #action: Subscription;

  constructor(scheduler: SchedulerLike, timeoutMs: number, trip: () => void) {
    this.#scheduler = scheduler;
    this.#lastFedAt = scheduler.now();
    // The watchdog rides along as the action's state, so the action reads its
    // last feed without a closure over it.
    this.#action = scheduler.schedule(
      function (this: SchedulerAction<ScheduledWatchdog>, watchdog) {
        const quietFor = scheduler.now() - (watchdog as ScheduledWatchdog).#lastFedAt;
        if (quietFor >= timeoutMs) trip();
        else this.schedule(watchdog, timeoutMs - quietFor);
      },
      timeoutMs,
      this,
    );
  }

  feed(): void {
    this.#lastFedAt = this.#scheduler.now();
  }

  unsubscribe(): void {
    this.#action.unsubscribe();
  }
}
