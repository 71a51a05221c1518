import { marbles } from 'rxjs-marbles/jest';
import { firstValueFrom, lastValueFrom, of, take, toArray } from 'rxjs';
import { mergePulled } from '../../src/pipelines/mergePulled';

describe('mergePulled', () => {
  it(
    'reads the next value only when a slot frees up',
    marbles((m) => {
      const inners = {
        a: m.cold('--x--|'),
        b: m.cold('-----y------|'),
        c: m.cold('--z--|'),
        d: m.cold('---w|'),
      };
      const reads: [string, number][] = [];
      function* input(): Generator<keyof typeof inners> {
        for (const key of ['a', 'b', 'c', 'd'] as const) {
          reads.push([key, m.scheduler.now()]);
          yield key;
        }
      }
      // prettier-ignore
      const expected = '--x--y-z-----w|';
      m.expect(mergePulled(input(), (key) => inners[key], 2)).toBeObservable(expected);
      m.expect(inners.a).toHaveSubscriptions('^----!');
      m.expect(inners.b).toHaveSubscriptions('^-----------!');
      m.expect(inners.c).toHaveSubscriptions('-----^----!');
      m.expect(inners.d).toHaveSubscriptions('----------^---!');
      m.scheduler.flush();
      expect(reads).toEqual([
        ['a', 0],
        ['b', 0],
        ['c', 5],
        ['d', 10],
      ]);
    }),
  );

  it(
    'unsubscribes every inner and closes the iterator when unsubscribed',
    marbles((m) => {
      const inner = m.cold('----x--|');
      let closed = false;
      function* input(): Generator<number> {
        try {
          for (let i = 0; ; i += 1) yield i;
        } finally {
          closed = true;
        }
      }
      // prettier-ignore
      const unsub = '--!';
      m.expect(
        mergePulled(input(), () => inner, 3),
        unsub,
      ).toBeObservable('---');
      m.expect(inner).toHaveSubscriptions(['^-!', '^-!', '^-!']);
      m.scheduler.flush();
      expect(closed).toBe(true);
    }),
  );

  it(
    'errors with an inner error, unsubscribing the others and closing the iterator',
    marbles((m) => {
      const ok = m.cold('------x|');
      const bad = m.cold('--#');
      let closed = false;
      function* input(): Generator<boolean> {
        try {
          yield true;
          yield false;
          yield true;
        } finally {
          closed = true;
        }
      }
      m.expect(mergePulled(input(), (good) => (good ? ok : bad), 2)).toBeObservable('--#');
      m.expect(ok).toHaveSubscriptions('^-!');
      m.scheduler.flush();
      expect(closed).toBe(true);
    }),
  );

  it(
    'errors when the iterator throws, and when project throws',
    marbles((m) => {
      function* failing(): Generator<number> {
        yield 1;
        throw new Error('bad input');
      }
      m.expect(mergePulled(failing(), () => m.cold('-x|'), 1)).toBeObservable(
        '-x#',
        undefined,
        new Error('bad input'),
      );
      m.expect(
        mergePulled([1], () => {
          throw new Error('bad project');
        }),
      ).toBeObservable('#', undefined, new Error('bad project'));
    }),
  );

  it(
    'subscribes a non-iterable input once, as mergeMap does',
    marbles((m) => {
      const source = m.cold('ab|');
      m.expect(mergePulled(source, (v) => m.cold('--v|', { v }), 1)).toBeObservable('--a--b|');
      m.expect(source).toHaveSubscriptions('^-!');
    }),
  );

  it('completes at once on an empty input, and with synchronous inners runs them all', async () => {
    expect(await lastValueFrom(mergePulled([], () => of(1)).pipe(toArray()))).toEqual([]);
    const many = Array.from({ length: 10_000 }, (_, i) => i);
    // Synchronous inners complete inside the pull loop: no recursion, no stack overflow.
    const all = await lastValueFrom(mergePulled(many, (i) => of(i), 2).pipe(toArray()));
    expect(all).toEqual(many);
  });

  it('pulls an endless async generator no further ahead than the concurrency', async () => {
    let read = 0;
    let returned = false;
    async function* endless(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i += 1) {
          read += 1;
          yield i;
        }
      } finally {
        returned = true;
      }
    }
    // Each inner resolves a tick later, so slots free up while the reader runs.
    const taken = await lastValueFrom(
      mergePulled(endless(), (i) => Promise.resolve(i), 4).pipe(take(50), toArray()),
    );
    expect(taken).toHaveLength(50);
    expect(read).toBeLessThanOrEqual(50 + 4);
    // The return() queued behind a next() in flight has run once that settled.
    await firstValueFrom(of(0));
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(true);
  });

  it('throws a TypeError for a bad concurrency', () => {
    expect(() => mergePulled([], () => of(1), 0)).toThrow(TypeError);
    expect(() => mergePulled([], () => of(1), 2.5)).toThrow(TypeError);
  });
});
