import type { SchedulerLike } from 'rxjs';
import { asyncScheduler } from './rxjs.js';
import { ScheduledWatchdog } from './ScheduledWatchdog.js';

/** A deadline that every frame pushes back: it trips after `timeoutMs` without one. */
export interface Watchdog {
  /** A frame arrived: the deadline is `timeoutMs` from now. */
  feed(): void;
  /** Disarms it for good: an rxjs `Unsubscribable`, so a subscriber can own it. */
  unsubscribe(): void;
}

/**
 * Arms a {@link Watchdog} that calls `trip` once `timeoutMs` pass without a
 * `feed()`.
 *
 * On the real clock in Node it is one native timer that each frame
 * refreshes, as Node's own socket timeouts do: a connection whose server
 * pings in time never wakes the process for it. (A timer re-armed for what is
 * left of a quiet period, one of a new length each time, cost each of 3000
 * idle sessions about 60 µs every `timeoutMs`.) On any other scheduler (a
 * test's virtual clock) or where timers cannot be refreshed, it is a
 * {@link ScheduledWatchdog}. Browser bundles get `Watchdog.browser.ts`
 * instead (the package's `browser` map), which skips the native timer.
 */
export function startWatchdog(
  scheduler: SchedulerLike,
  timeoutMs: number,
  trip: () => void,
): Watchdog {
  if (scheduler === asyncScheduler) {
    const timer: unknown = setTimeout(trip, timeoutMs);
    if (isRefreshable(timer)) return new RefreshedWatchdog(timer);
    clearTimeout(timer as ReturnType<typeof setTimeout>);
  }
  return new ScheduledWatchdog(scheduler, timeoutMs, trip);
}

interface Refreshable {
  refresh(): unknown;
}

/** Node's `Timeout`: a timer that can be restarted in place. */
type NativeTimer = Refreshable & ReturnType<typeof setTimeout>;

function isRefreshable(timer: unknown): timer is NativeTimer {
  return (
    typeof timer === 'object' &&
    timer !== null &&
    typeof (timer as Partial<Refreshable>).refresh === 'function'
  );
}

/**
 * Which burst of frames the process is in: frames handled in one go (one
 * socket read, one drain of the frame pacer) share a number, and the next
 * microtask checkpoint starts a new one.
 */
let burst = 0;
let burstEnding = false;
// A promise's reaction rather than `queueMicrotask`, which test fake timers replace.
const settled = Promise.resolve();
const endBurst = (): void => {
  burst += 1;
  burstEnding = false;
};

class RefreshedWatchdog implements Watchdog {
  readonly #timer: NativeTimer;
  #fedIn = -1;

  constructor(timer: NativeTimer) {
    this.#timer = timer;
  }

  // Refreshed once per burst rather than per frame: `refresh()` reads the
  // clock and re-links the timer, several times what the rest of a ping
  // costs, and a socket read brings hundreds of frames. The deadline then
  // counts from the burst's first frame, earlier by the time the burst took
  // (a millisecond or so, against a timeout of seconds); the burst itself
  // runs to its end before any timer can fire.
  feed(): void {
    if (this.#fedIn === burst) return;
    this.#fedIn = burst;
    this.#timer.refresh();
    if (!burstEnding) {
      burstEnding = true;
      void settled.then(endBurst);
    }
  }

  unsubscribe(): void {
    clearTimeout(this.#timer);
  }
}
