import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';

// Where an answer stands: plain numbers, so settling allocates nothing.
const Outcome = { Pending: 0, Value: 1, Error: 2 } as const;
type Outcome = (typeof Outcome)[keyof typeof Outcome];

/**
 * What the session settles once a message is answered or fails: an
 * {@link Answer} for `send()`, or for `ask()` a plain object holding its
 * promise's settlers (no subscriber is ever made for it).
 */
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
  #settled: unknown;
  /** Subscribers waiting for the outcome; most answers have one at most. */
  #waiting: Subscriber<T>[] | null = null;

  constructor(readonly id: number) {
    super(subscribeToAnswer);
  }

  resolve(value: T): void {
    this.#settle(Outcome.Value, value);
  }

  fail(error: unknown): void {
    this.#settle(Outcome.Error, error);
  }

  /** @internal */
  attach(subscriber: Subscriber<T>): TeardownLogic {
    if (this.#outcome !== Outcome.Pending) return this.#deliver(subscriber);
    // A literal holds just the one subscriber; `push` on `[]` would reserve 17 slots.
    if (this.#waiting === null) this.#waiting = [subscriber];
    else this.#waiting.push(subscriber);
    return () => {
      const waiting = this.#waiting;
      const index = waiting?.indexOf(subscriber) ?? -1;
      if (index >= 0) waiting?.splice(index, 1);
    };
  }

  // The first outcome wins; later ones are ignored, as an AsyncSubject's are.
  #settle(outcome: Outcome, settled: unknown): void {
    if (this.#outcome !== Outcome.Pending) return;
    this.#outcome = outcome;
    this.#settled = settled;
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting !== null) for (const subscriber of waiting) this.#deliver(subscriber);
  }

  #deliver(subscriber: Subscriber<T>): undefined {
    if (this.#outcome === Outcome.Error) {
      subscriber.error(this.#settled);
    } else {
      subscriber.next(this.#settled as T);
      subscriber.complete();
    }
    return undefined;
  }
}

function subscribeToAnswer<T>(this: Observable<T>, subscriber: Subscriber<T>): TeardownLogic {
  return (this as Answer<T>).attach(subscriber);
}
