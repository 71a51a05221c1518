import { LazySubject } from '../../src/session/LazySubject';

/** Everything a subscriber sees, as text: values, then `error:<message>` or `complete`. */
function watch<T>(subject: LazySubject<T>) {
  const seen: string[] = [];
  const subscription = subject.subscribe({
    next: (value) => seen.push(String(value)),
    error: (error: unknown) => seen.push(`error:${(error as Error).message}`),
    complete: () => seen.push('complete'),
  });
  return { seen, subscription };
}

describe('LazySubject', () => {
  it('replays the latest value and the ending to a late subscriber, and nothing after the end', () => {
    const subject = new LazySubject<number>(true);
    subject.next(1);
    subject.complete();
    subject.next(2);
    subject.error(new Error('late'));
    expect({ 'a late subscriber sees': watch(subject).seen }).toEqual({
      'a late subscriber sees': ['1', 'complete'],
    });
  });

  it('keeps the first error as the ending, whatever comes after it', () => {
    const subject = new LazySubject<number>();
    subject.error(new Error('first'));
    subject.complete();
    subject.error(new Error('second'));
    expect({ 'a late subscriber sees': watch(subject).seen }).toEqual({
      'a late subscriber sees': ['error:first'],
    });
  });

  it('says it is observed only while someone subscribes', () => {
    const subject = new LazySubject<number>();
    const before = subject.observed;
    const { subscription } = watch(subject);
    const during = subject.observed;
    subscription.unsubscribe();
    expect({ before, during, after: subject.observed }).toEqual({
      before: false,
      during: true,
      after: false,
    });
  });

  it.each([false, true])(
    'goes on delivering to the subscribers left when one leaves (replay: %s)',
    (replay) => {
      const subject = new LazySubject<number>(replay);
      const first = watch(subject);
      const second = watch(subject);
      subject.next(1);
      first.subscription.unsubscribe();
      subject.next(2);
      const observed = subject.observed;
      second.subscription.unsubscribe();
      expect({ first: first.seen, second: second.seen, observed, after: subject.observed }).toEqual(
        {
          first: ['1'],
          second: ['1', '2'],
          observed: true,
          after: false,
        },
      );
    },
  );

  it('gives a live subscriber every value, and a plain one no replay', () => {
    const subject = new LazySubject<number>();
    subject.next(1);
    const early = watch(subject);
    subject.next(2);
    const late = watch(subject);
    subject.next(3);
    subject.complete();
    expect({ early: early.seen, late: late.seen }).toEqual({
      early: ['2', '3', 'complete'],
      late: ['3', 'complete'],
    });
  });
});
