import { marbles } from 'rxjs-marbles/jest';
import { pingTimeout, PingTimeoutError, type ServerFrame } from '../../src/index';
import { frames } from '../../src/testing/frames';

const values = { p: frames.ping(), t: frames.typing(), m: frames.message('hi') };

describe('pingTimeout', () => {
  it(
    'passes frames through and consumes pings',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-p-m-p-|', values);
      const subs = '         ^--------!';
      const expected = '     -t---m---|';

      m.expect<ServerFrame>(source.pipe(pingTimeout(5, m.scheduler))).toBeObservable(
        expected,
        values,
      );
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'fires after dueMs of silence',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-------|', values);
      const subs = '         ^----!';
      const expected = '     -t---#';

      m.expect<ServerFrame>(source.pipe(pingTimeout(4, m.scheduler))).toBeObservable(
        expected,
        values,
        new PingTimeoutError(4),
      );
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'is reset by every frame, pings included',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('--p--p--t--m------|', values);
      const subs = '         ^-------------!';
      const expected = '     --------t--m--#';

      m.expect<ServerFrame>(source.pipe(pingTimeout(3, m.scheduler))).toBeObservable(
        expected,
        values,
        new PingTimeoutError(3),
      );
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'fires when the socket never says anything',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-------', values);
      const subs = '         ^--!';
      const expected = '     ---#';

      m.expect<ServerFrame>(source.pipe(pingTimeout(3, m.scheduler))).toBeObservable(
        expected,
        values,
        new PingTimeoutError(3),
      );
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  // The timer is looked at mid-run, one frame after the end: after flush()
  // the scheduler has run (and so dropped) every action, cancelled or not.
  const pendingAt = (
    m: { scheduler: { actions: unknown[]; schedule(work: () => void, delay: number): unknown } },
    frame: number,
  ) => {
    const seen: number[] = [];
    m.scheduler.schedule(() => seen.push(m.scheduler.actions.length), frame);
    return seen;
  };

  it(
    'cancels its timer when the source completes',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-|', values);
      const subs = '         ^--!';
      const expected = '     -t-|';

      m.expect<ServerFrame>(source.pipe(pingTimeout(5, m.scheduler))).toBeObservable(
        expected,
        values,
      );
      m.expect(source).toHaveSubscriptions(subs);
      const pending = pendingAt(m, 4);
      m.flush();
      expect({ 'timers still scheduled after the source completed': pending }).toEqual({
        'timers still scheduled after the source completed': [0],
      });
    }),
  );

  it(
    'cancels its timer when the consumer unsubscribes',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t------', values);
      const subs = '         ^--!';
      const unsub = '        ^--!';
      const expected = '     -t-';

      m.expect<ServerFrame>(source.pipe(pingTimeout(5, m.scheduler)), unsub).toBeObservable(
        expected,
        values,
      );
      m.expect(source).toHaveSubscriptions(subs);
      const pending = pendingAt(m, 4);
      m.flush();
      expect({ 'timers still scheduled after unsubscribe': pending }).toEqual({
        'timers still scheduled after unsubscribe': [0],
      });
    }),
  );

  it(
    'waits out the rest of the quiet period after a frame, not a whole new one',
    marbles((m) => {
      // The timer armed at 0 fires at 4, finds a frame at 2, re-arms for 2 more.
      // prettier-ignore
      const source = m.cold('--t-------', values);
      const subs = '         ^-----!';
      const expected = '     --t---#';

      m.expect<ServerFrame>(source.pipe(pingTimeout(4, m.scheduler))).toBeObservable(
        expected,
        values,
        new PingTimeoutError(4),
      );
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it('has a typed error class with the due time', () => {
    const error = new PingTimeoutError(45_000);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'PingTimeoutError',
      dueMs: 45_000,
      message: 'no frame received for 45000 ms',
    });
  });

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'rejects dueMs %p up front',
    (dueMs) => {
      expect(() => pingTimeout(dueMs)).toThrow(
        new TypeError(
          `pingTimeout: dueMs must be a positive, finite number of milliseconds, got ${dueMs}`,
        ),
      );
    },
  );

  it(
    'passes an error of the source through as it came, before the deadline',
    marbles((m) => {
      const failure = new Error('socket gone');
      // prettier-ignore
      const source = m.cold('-t-#', values, failure);
      const expected = '     -t-#';

      m.expect<ServerFrame>(source.pipe(pingTimeout(5, m.scheduler))).toBeObservable(
        expected,
        values,
        failure,
      );
    }),
  );
});
