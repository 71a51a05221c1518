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
    const quietSince = (): number => this.#lastFedAt;
    this.#action = scheduler.schedule(function (this: SchedulerAction<undefined>) {
      const quietFor = scheduler.now() - quietSince();
      if (quietFor >= timeoutMs) trip();
      else this.schedule(undefined, timeoutMs - quietFor);
    }, timeoutMs);
  }

  feed(): void {
    this.#lastFedAt = this.#scheduler.now();
  }

  unsubscribe(): void {
    this.#action.unsubscribe();
  }
}
