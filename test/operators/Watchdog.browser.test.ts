import { asyncScheduler } from 'rxjs';
import { startWatchdog } from '../../src/operators/Watchdog.browser';

// What browser bundles get in place of Watchdog.ts (scripts/build.mjs maps
// it); on a virtual clock both are checked in Watchdog.test.ts.
describe('the browser watchdog', () => {
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
