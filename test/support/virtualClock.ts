import { TestScheduler } from 'rxjs/testing';

/**
 * A TestScheduler driven step by step: `advance(ms)` runs every action due in
 * the next `ms` of virtual time and leaves the clock exactly there.
 */
export function virtualClock() {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  return {
    scheduler,
    now: () => scheduler.now(),
    advance(ms: number): void {
      const target = scheduler.now() + ms;
      scheduler.schedule(() => undefined, ms);
      scheduler.maxFrames = target;
      scheduler.flush();
    },
  };
}
