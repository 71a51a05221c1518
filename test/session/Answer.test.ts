import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Answer } from '../../src/session/Answer';

// A full collection on demand, to see what an answer still holds on to.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Whether what `ref` points at survives a full collection (run on a later turn, as WeakRefs need). */
async function survivesCollection(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  return ref.deref() !== undefined;
}

type Seen = (string | number)[];
const watch = (answer: Answer<number>, seen: Seen) =>
  answer.subscribe({
    next: (value) => seen.push(value),
    error: (error: unknown) => seen.push(`error ${String(error)}`),
    complete: () => seen.push('complete'),
  });

describe('Answer (what send() returns)', () => {
  it('gives its value and completion to every subscriber, early or late, once', () => {
    const answer = new Answer<number>(1);
    const early: Seen = [];
    watch(answer, early);
    answer.resolve(1);
    answer.resolve(2);
    answer.error('ignored');
    const late: Seen = [];
    watch(answer, late);
    expect(early).toEqual([1, 'complete']);
    expect(late).toEqual([1, 'complete']);
  });

  it('gives each subscriber the value, then each its completion; one who joins from a handler of the value is completed last', () => {
    const answer = new Answer<number>(1);
    const order: string[] = [];
    const log = (name: string) => ({
      next: (value: number) => {
        order.push(`${name}:${value}`);
        if (name === 'A') answer.subscribe(log('late'));
      },
      complete: () => order.push(`${name}:complete`),
    });
    answer.subscribe(log('A'));
    answer.subscribe(log('B'));
    answer.resolve(7);
    // An AsyncSubject would complete the late one at once: A:7 late:7
    // late:complete B:7 A:complete B:complete.
    expect(order).toEqual(['A:7', 'late:7', 'B:7', 'A:complete', 'B:complete', 'late:complete']);
  });

  it('gives its error to every subscriber, early or late', () => {
    const answer = new Answer<number>(1);
    const early: Seen = [];
    watch(answer, early);
    answer.error('boom');
    answer.resolve(1);
    const late: Seen = [];
    watch(answer, late);
    expect(early).toEqual(['error boom']);
    expect(late).toEqual(['error boom']);
  });

  it.each([
    ['the only', 0, 1],
    ['the first of two', 0, 2],
    ['the second of two', 1, 2],
  ])(
    'lets %s subscriber that left be collected while the answer is still awaited',
    async (_label, leaving, count) => {
      const answer = new Answer<number>(1);
      const stayed: Seen = [];
      const subscriptions: ({ unsubscribe(): void } | null)[] = Array.from(
        { length: count },
        (_, i) => (i === leaving ? answer.subscribe(() => undefined) : watch(answer, stayed)),
      );
      const left = new WeakRef(subscriptions[leaving] as object);
      subscriptions[leaving]?.unsubscribe();
      subscriptions[leaving] = null;
      const collected = !(await survivesCollection(left));
      answer.resolve(3);
      expect({ collected, 'the other subscriber saw': stayed }).toEqual({
        collected: true,
        'the other subscriber saw': count === 2 ? [3, 'complete'] : [],
      });
    },
  );

  it('forgets a subscriber that left before the outcome', () => {
    const answer = new Answer<number>(1);
    const left: Seen = [];
    const stayed: Seen = [];
    watch(answer, left).unsubscribe();
    watch(answer, stayed);
    answer.resolve(7);
    expect(left).toEqual([]);
    expect(stayed).toEqual([7, 'complete']);
  });
});
