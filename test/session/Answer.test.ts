import { Answer } from '../../src/session/Answer';

type Seen = (string | number)[];
const watch = (answer: Answer<number>, seen: Seen) =>
  answer.subscribe({
    next: (value) => seen.push(value),
    error: (error: unknown) => seen.push(`error ${String(error)}`),
    complete: () => seen.push('complete'),
  });

describe('Answer (what send() returns)', () => {
  it('gives its value and completion to every subscriber, early or late, once', () => {
    const answer = new Answer<number>();
    const early: Seen = [];
    watch(answer, early);
    answer.resolve(1);
    answer.resolve(2);
    answer.fail('ignored');
    const late: Seen = [];
    watch(answer, late);
    expect(early).toEqual([1, 'complete']);
    expect(late).toEqual([1, 'complete']);
  });

  it('gives its error to every subscriber, early or late', () => {
    const answer = new Answer<number>();
    const early: Seen = [];
    watch(answer, early);
    answer.fail('boom');
    answer.resolve(1);
    const late: Seen = [];
    watch(answer, late);
    expect(early).toEqual(['error boom']);
    expect(late).toEqual(['error boom']);
  });

  it('forgets a subscriber that left before the outcome', () => {
    const answer = new Answer<number>();
    const left: Seen = [];
    const stayed: Seen = [];
    watch(answer, left).unsubscribe();
    watch(answer, stayed);
    answer.resolve(7);
    expect(left).toEqual([]);
    expect(stayed).toEqual([7, 'complete']);
  });
});
