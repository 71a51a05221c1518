import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';

// Where an answer stands: plain numbers, so settling allocates nothing.
const Outcome = { Pending: 0, Value: 1, Error: 2 } as const;
type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** What the session settles once a message is answered or fails: an {@link Answer} or a {@link PromisedAnswer}. */
export interface AwaitedAnswer<T> {
  /** Which of its session's messages this answers. */
  readonly id: number;
  resolve(value: T): void;
  fail(error: unknown): void;
}

/**
 * The one outcome of a `send()`: a value and completion, or an error, for
 * every subscriber however late, as an `AsyncSubject` seen through
 * `asObservable()` delivers it, but one object instead of a subject, its
 * observer list and a wrapper, since a process holding thousands of sessions
 * makes one per message. Internal: handed out as an `Observable`.
 */
export class Answer<T> extends Observable<T> implements AwaitedAnswer<T> {
  #outcome: Outcome = Outcome.Pending;
  /** The value or the error, once settled. */
  #settled: unknown = undefined;
  /** Subscribers waiting for the outcome; most answers have one at most. */
  #waiting: Subscriber<T>[] | null = null;

  constructor(readonly id: number) {
    super(subscribeToAnswer);
  }

  resolve(value: T): void {
    if (this.#outcome !== Outcome.Pending) return;
    this.#outcome = Outcome.Value;
    this.#settled = value;
    const waiting = this.#take();
    if (waiting === null) return;
    for (const subscriber of waiting) {
      subscriber.next(value);
      subscriber.complete();
    }
  }

  fail(error: unknown): void {
    if (this.#outcome !== Outcome.Pending) return;
    this.#outcome = Outcome.Error;
    this.#settled = error;
    const waiting = this.#take();
    if (waiting === null) return;
    for (const subscriber of waiting) subscriber.error(error);
  }

  /** @internal */
  attach(subscriber: Subscriber<T>): TeardownLogic {
    switch (this.#outcome) {
      case Outcome.Pending:
        // A literal holds just the one subscriber; `push` on `[]` would reserve 17 slots.
        if (this.#waiting === null) this.#waiting = [subscriber];
        else this.#waiting.push(subscriber);
        return () => {
          const waiting = this.#waiting;
          const index = waiting?.indexOf(subscriber) ?? -1;
          if (index >= 0) waiting?.splice(index, 1);
        };
      case Outcome.Value:
        subscriber.next(this.#settled as T);
        subscriber.complete();
        return undefined;
      case Outcome.Error:
        subscriber.error(this.#settled);
        return undefined;
    }
  }

  #take(): Subscriber<T>[] | null {
    const waiting = this.#waiting;
    this.#waiting = null;
    return waiting;
  }
}

function subscribeToAnswer<T>(this: Observable<T>, subscriber: Subscriber<T>): TeardownLogic {
  return (this as Answer<T>).attach(subscriber);
}

/**
 * The one outcome of an `ask()`: the settlers of its promise, and no
 * subscriber, teardown or observer objects, since nobody subscribes.
 */
export class PromisedAnswer<T> implements AwaitedAnswer<T> {
  constructor(
    readonly id: number,
    readonly resolve: (value: T) => void,
    readonly fail: (error: unknown) => void,
  ) {}
}
