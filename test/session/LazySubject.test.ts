import * as fc from 'fast-check';
import {
  first,
  type Observable,
  type Observer,
  ReplaySubject,
  Subject,
  type Subscription,
} from 'rxjs';
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

/** Calls `onLook` whenever something reads whether `subscription` is closed. */
function onLook(subscription: Subscription, look: () => void): void {
  let closed = subscription.closed;
  Object.defineProperty(subscription, 'closed', {
    get: () => {
      look();
      return closed;
    },
    set: (value: boolean) => {
      closed = value;
    },
  });
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

  it('lets a subscriber leave from its own handler, and is unobserved once all have', () => {
    const subject = new LazySubject<number>();
    const seen: number[] = [];
    const steady = watch(subject);
    for (let value = 0; value < 100; value += 1) {
      subject.pipe(first()).subscribe((got) => seen.push(got));
      subject.next(value);
    }
    const observedWithOne = subject.observed;
    steady.subscription.unsubscribe();
    expect({ seen: seen.length, observedWithOne, after: subject.observed }).toEqual({
      seen: 100,
      observedWithOne: true,
      after: false,
    });
  });

  it('gives one who subscribes from a handler the next value, not the one being delivered', () => {
    const subject = new LazySubject<number>();
    const late: number[] = [];
    subject.pipe(first()).subscribe(() => subject.subscribe((value) => late.push(value)));
    watch(subject);
    subject.next(1);
    subject.next(2);
    expect(late).toEqual([2]);
  });

  it('holds no more than the live subscribers and one shell, however many come and go', () => {
    const subject = new LazySubject<number>();
    // A subject emitting looks at every entry it holds (is it closed?): the
    // shells of those who left that it looks at are those it still holds.
    const looked = new Set<Subscription>();
    const steady = watch(subject);
    for (let round = 0; round < 1000; round += 1) {
      const { subscription } = watch(subject);
      onLook(subscription, () => looked.add(subscription));
      subscription.unsubscribe();
    }
    looked.clear();
    subject.next(1);
    const atFirstValue = looked.size;
    looked.clear();
    subject.next(2);
    const atSecondValue = looked.size;
    onLook(steady.subscription, () => looked.add(steady.subscription));
    steady.subscription.unsubscribe();
    looked.clear();
    subject.next(3);
    subject.next(4);
    expect({ atFirstValue, atSecondValue, afterAllLeft: looked.size, seen: steady.seen }).toEqual({
      atFirstValue: 1,
      atSecondValue: 0,
      afterAllLeft: 1,
      seen: ['1', '2'],
    });
  });

  it('looks at each subscriber once a value when none has left, and prunes only after one has', () => {
    const subject = new LazySubject<number>();
    const looks = new Map<Subscription, number>();
    const [first, second] = [watch(subject), watch(subject)];
    for (const { subscription } of [first, second])
      onLook(subscription, () => looks.set(subscription, (looks.get(subscription) ?? 0) + 1));
    subject.next(1);
    const whileBothStay = [...looks.values()];
    second.subscription.unsubscribe();
    looks.clear();
    subject.next(2);
    const afterOneLeft = [looks.get(first.subscription), looks.get(second.subscription)];
    looks.clear();
    subject.next(3);
    expect({ whileBothStay, afterOneLeft, then: [...looks.values()] }).toEqual({
      whileBothStay: [1, 1],
      // Delivering, then pruning: the one who left is looked at, then dropped.
      afterOneLeft: [2, 2],
      then: [1],
    });
  });

  it('delivers to a subscriber rxjs takes as one whatever it is, an array among them', () => {
    const subject = new LazySubject<number>();
    const seen: string[] = [];
    // rxjs hands on as a subscriber anything with an observer's and a
    // subscription's methods and `closed`.
    const subscriber = Object.assign([], {
      closed: false,
      next: (value: number) => seen.push(String(value)),
      error: () => seen.push('error'),
      complete: () => seen.push('complete'),
      add: () => undefined,
      remove: () => undefined,
      unsubscribe: () => undefined,
    });
    subject.subscribe(subscriber as unknown as Observer<number>);
    const observedAlone = subject.observed;
    subject.next(1);
    const other = watch(subject);
    subject.next(2);
    other.subscription.unsubscribe();
    subject.next(3);
    subject.complete();
    expect({ seen, observedAlone }).toEqual({
      seen: ['1', '2', '3', 'complete'],
      observedAlone: true,
    });
  });

  it('sends no ending to a subscriber that left before it', () => {
    const subject = new LazySubject<number>();
    const left = watch(subject);
    const stayed = watch(subject);
    left.subscription.unsubscribe();
    subject.complete();
    expect({ left: left.seen, stayed: stayed.seen }).toEqual({ left: [], stayed: ['complete'] });
  });

  it('replays to a subscriber listed already: a value its handler emits reaches it too', () => {
    const subject = new LazySubject<number>(true);
    subject.next(1);
    const seen: number[] = [];
    subject.subscribe((value) => {
      seen.push(value);
      if (value === 1) subject.next(2);
    });
    expect(seen).toEqual([1, 2]);
  });
});

// Whatever a subscriber does, it sees what it would see from a Subject (or a
// ReplaySubject(1)) through asObservable(): the model the class replaces.
// Subscribers may also act from their handlers, on the first value or
// ending they see: subscribe another, make one leave (themselves included),
// emit, end the stream, or say whether it is observed; each side acts on its
// own subject and its own subscribers.
describe('LazySubject against a Subject', () => {
  type Reaction =
    | { act: 'subscribe' }
    | { act: 'unsubscribe'; which: number }
    | { act: 'next' }
    | { act: 'complete' }
    | { act: 'error' }
    | { act: 'observed' };
  type Step =
    | { op: 'subscribe'; reaction: Reaction | null }
    | { op: 'unsubscribe'; which: number }
    | { op: 'next'; value: number | undefined }
    | { op: 'complete' }
    | { op: 'error' };
  const reaction: fc.Arbitrary<Reaction | null> = fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    fc.constant({ act: 'subscribe' as const }),
    fc.nat(5).map((which) => ({ act: 'unsubscribe' as const, which })),
    fc.constant({ act: 'next' as const }),
    fc.constant({ act: 'complete' as const }),
    fc.constant({ act: 'error' as const }),
    fc.constant({ act: 'observed' as const }),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    { arbitrary: reaction.map((r) => ({ op: 'subscribe' as const, reaction: r })), weight: 3 },
    { arbitrary: fc.nat(5).map((which) => ({ op: 'unsubscribe' as const, which })), weight: 2 },
    {
      arbitrary: fc.option(fc.nat(99), { nil: undefined }).map((value) => ({
        op: 'next' as const,
        value,
      })),
      weight: 4,
    },
    fc.constant({ op: 'complete' as const }),
    fc.constant({ op: 'error' as const }),
  );

  /** One side of the comparison: a subject and what its subscribers saw. */
  class Side {
    readonly subscribers: { seen: string[]; subscription: Subscription | undefined }[] = [];
    constructor(
      readonly subject: {
        next(value: number | undefined): void;
        complete(): void;
        error(e: unknown): void;
        readonly observed: boolean;
      },
      readonly stream: Observable<number | undefined>,
    ) {}

    subscribe(reaction: Reaction | null): void {
      const entry: { seen: string[]; subscription: Subscription | undefined } = {
        seen: [],
        subscription: undefined,
      };
      this.subscribers.push(entry);
      let reacted = false;
      // On the first thing it sees, value or ending, the subscriber acts once.
      const react = (value: number | undefined) => {
        if (reaction === null || reacted) return;
        reacted = true;
        switch (reaction.act) {
          case 'subscribe':
            return this.subscribe(null);
          case 'unsubscribe':
            return this.subscribers[reaction.which]?.subscription?.unsubscribe();
          case 'next':
            return this.subject.next((value ?? 0) + 1000);
          case 'complete':
            return this.subject.complete();
          case 'error':
            return this.subject.error(new Error('from a handler'));
          case 'observed':
            return void entry.seen.push(`observed:${this.subject.observed}`);
        }
      };
      entry.subscription = this.stream.subscribe({
        next: (value) => {
          entry.seen.push(String(value));
          react(value);
        },
        error: (error: unknown) => {
          entry.seen.push(`error:${(error as Error | undefined)?.message}`);
          react(undefined);
        },
        complete: () => {
          entry.seen.push('complete');
          react(undefined);
        },
      });
    }
  }

  it.each([false, true])('sees the same values and endings (replay: %s)', (replay) => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const lazy = new LazySubject<number | undefined>(replay);
        const model = replay
          ? new ReplaySubject<number | undefined>(1)
          : new Subject<number | undefined>();
        const ours = new Side(lazy, lazy);
        const theirs = new Side(model, model.asObservable());
        const failure = new Error('failed');
        for (const s of steps)
          for (const side of [ours, theirs])
            switch (s.op) {
              case 'subscribe':
                side.subscribe(s.reaction);
                break;
              case 'unsubscribe':
                side.subscribers[s.which]?.subscription?.unsubscribe();
                break;
              case 'next':
                side.subject.next(s.value);
                break;
              case 'complete':
                side.subject.complete();
                break;
              case 'error':
                side.subject.error(failure);
                break;
            }
        expect(ours.subscribers.map((o) => o.seen)).toEqual(theirs.subscribers.map((t) => t.seen));
        expect(lazy.observed).toBe(model.observed);
      }),
      { numRuns: 1000 },
    );
  });
});
