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

  it(
    'stops its timer when the source ends or the consumer unsubscribes',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-|', values);
      const subs = '         ^--!';
      const expected = '     -t-|';

      m.expect<ServerFrame>(source.pipe(pingTimeout(3, m.scheduler))).toBeObservable(
        expected,
        values,
      );
      m.expect(source).toHaveSubscriptions(subs);
      m.flush();
      expect(m.scheduler.actions).toHaveLength(0);
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
      expect(() => pingTimeout(dueMs)).toThrow(TypeError);
    },
  );
});
