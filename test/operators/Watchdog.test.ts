import { asyncScheduler, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { startWatchdog } from '../../src/operators/Watchdog';
import { startWatchdog as startBrowserWatchdog } from '../../src/operators/Watchdog.browser';
import { virtualClock } from '../support/virtualClock';

// Node's and the browser's (Watchdog.browser.ts, which browser bundles get
// in its place) behave alike on a virtual clock.
describe.each([
  ['Node', startWatchdog],
  ['browser', startBrowserWatchdog],
])('the %s watchdog on a virtual clock', (_name, startWatchdog) => {
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
});

describe('the watchdog on the real clock in Node', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is one native timer that every feed refreshes: fed in time, it never fires', async () => {
    const trips: number[] = [];
    const timeouts = jest.spyOn(globalThis, 'setTimeout');
    const intervals = jest.spyOn(globalThis, 'setInterval');
    const watchdog = startWatchdog(asyncScheduler, 1000, () => trips.push(Date.now()));
    const started = Date.now();
    const timersWhileFed: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      // Each frame in an event of its own, as a socket delivers them apart in time.
      await Promise.resolve();
      jest.advanceTimersByTime(999);
      watchdog.feed();
      timersWhileFed.push(jest.getTimerCount());
    }
    jest.advanceTimersByTime(999);
    expect({
      trips: [...trips],
      timers: new Set(timersWhileFed),
      'timers set': timeouts.mock.calls.length + intervals.mock.calls.length,
    }).toEqual({ trips: [], timers: new Set([1]), 'timers set': 1 });
    jest.advanceTimersByTime(1);
    expect(trips).toEqual([started + 50 * 999 + 1000]);
    watchdog.unsubscribe();
  });

  it('refreshes its timer once per burst of frames, and again in the next burst', async () => {
    const trips: number[] = [];
    const timeouts = jest.spyOn(globalThis, 'setTimeout');
    const watchdog = startWatchdog(asyncScheduler, 1000, () => trips.push(Date.now()));
    const timer = timeouts.mock.results[0]?.value as { refresh(): unknown };
    const refresh = jest.spyOn(timer, 'refresh');
    const started = Date.now();
    for (let i = 0; i < 100; i += 1) watchdog.feed();
    const inOneBurst = refresh.mock.calls.length;
    // The burst ends at the next microtask checkpoint.
    await Promise.resolve();
    jest.advanceTimersByTime(500);
    for (let i = 0; i < 100; i += 1) watchdog.feed();
    expect({ inOneBurst, inTwo: refresh.mock.calls.length }).toEqual({ inOneBurst: 1, inTwo: 2 });
    jest.advanceTimersByTime(999);
    expect({ 'tripped by 1499': [...trips] }).toEqual({ 'tripped by 1499': [] });
    jest.advanceTimersByTime(1);
    expect(trips).toEqual([started + 1500]);
    watchdog.unsubscribe();
  });

  it('leaves no timer once stopped', () => {
    const trips: number[] = [];
    startWatchdog(asyncScheduler, 1000, () => trips.push(Date.now())).unsubscribe();
    jest.advanceTimersByTime(5000);
    expect({ trips, timers: jest.getTimerCount() }).toEqual({ trips: [], timers: 0 });
  });

  it.each([
    ['a number, as in browsers', 7],
    ['an object that cannot be refreshed', { id: 7 }],
  ])('falls back to the scheduled watchdog where setTimeout returns %s', (_label, id) => {
    const trips: number[] = [];
    const timeouts = jest.spyOn(globalThis, 'setTimeout').mockImplementation((() => id) as never);
    const cleared = jest.spyOn(globalThis, 'clearTimeout');
    const watchdog = startWatchdog(asyncScheduler, 1000, () => trips.push(Date.now()));
    const started = Date.now();
    timeouts.mockRestore();
    jest.advanceTimersByTime(600);
    watchdog.feed();
    jest.advanceTimersByTime(999);
    const before = [...trips];
    jest.advanceTimersByTime(1);
    watchdog.unsubscribe();
    expect({ before, trips, cleared: cleared.mock.calls[0]?.[0] }).toEqual({
      before: [],
      trips: [started + 1600],
      cleared: id,
    });
  });
});
