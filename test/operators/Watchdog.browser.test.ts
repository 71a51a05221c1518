import { asyncScheduler, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { startWatchdog } from '../../src/operators/Watchdog.browser';
import { virtualClock } from '../support/virtualClock';

// What browser bundles get in place of Watchdog.ts (scripts/build.mjs maps it).
describe('the browser watchdog', () => {
  it('trips timeoutMs after the last feed, not after the first arm', () => {
    const clock = virtualClock();
    const trips: number[] = [];
    const watchdog = startWatchdog(clock.scheduler, 1000, () => trips.push(clock.now()));
    clock.advance(600);
    watchdog.feed();
    clock.advance(999);
    expect({ 'tripped by 1599': [...trips] }).toEqual({ 'tripped by 1599': [] });
    clock.advance(1);
    expect(trips).toEqual([1600]);
    watchdog.unsubscribe();
  });

  it('never trips once stopped', () => {
    const clock = virtualClock();
    const trips: number[] = [];
    startWatchdog(clock.scheduler, 1000, () => trips.push(clock.now())).unsubscribe();
    clock.advance(5000);
    expect({ trips, 'actions left': clock.scheduler.actions.length }).toEqual({
      trips: [],
      'actions left': 0,
    });
  });

  // Found by a hostile review: an action that read the watchdog from its
  // `state` never tripped under a scheduler that does not pass state on.
  it('trips under a scheduler that wraps another and passes no state on', () => {
    const clock = virtualClock();
    const wrapper = {
      now: () => clock.scheduler.now(),
      schedule: (work: (this: SchedulerAction<unknown>) => void, delay?: number) =>
        clock.scheduler.schedule(work, delay),
    } as SchedulerLike;
    const trips: number[] = [];
    const watchdog = startWatchdog(wrapper, 1000, () => trips.push(clock.now()));
    clock.advance(400);
    watchdog.feed();
    clock.advance(1400);
    expect(trips).toEqual([1400]);
  });

  describe('on the real clock', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('re-arms for what is left of the quiet period, as a browser timer cannot be refreshed', () => {
      const trips: number[] = [];
      const watchdog = startWatchdog(asyncScheduler, 1000, () => trips.push(Date.now()));
      const started = Date.now();
      jest.advanceTimersByTime(700);
      watchdog.feed();
      jest.advanceTimersByTime(999);
      expect({ 'tripped by 1699': [...trips] }).toEqual({ 'tripped by 1699': [] });
      jest.advanceTimersByTime(1);
      expect(trips.map((at) => at - started)).toEqual([1700]);
      watchdog.unsubscribe();
    });
  });
});
