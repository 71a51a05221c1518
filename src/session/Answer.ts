import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';

type Outcome<T> =
  | { readonly settled: false }
  | { readonly settled: true; readonly failed: false; readonly value: T }
  | { readonly settled: true; readonly failed: true; readonly error: unknown };

const pending: Outcome<never> = { settled: false };

/**
 * The one outcome of a `send()`: a value and completion, or an error, for
 * every subscriber however late, as an `AsyncSubject` seen through
 * `asObservable()` delivers it, but one object instead of a subject, its
 * observer list and a wrapper, since a process holding thousands of sessions
 * makes one per message. Internal: handed out as an `Observable`.
 */
export class Answer<T> extends Observable<T> {
  #outcome: Outcome<T> = pending;
  /** Subscribers waiting for the outcome; most answers have one at most. */
  #waiting: Subscriber<T>[] | null = null;

  constructor() {
    super(subscribeToAnswer);
  }

  resolve(value: T): void {
    if (this.#outcome.settled) return;
    this.#outcome = { settled: true, failed: false, value };
    for (const subscriber of this.#take()) {
      subscriber.next(value);
      subscriber.complete();
    }
  }

  fail(error: unknown): void {
    if (this.#outcome.settled) return;
    this.#outcome = { settled: true, failed: true, error };
    for (const subscriber of this.#take()) subscriber.error(error);
  }

  /** @internal */
  attach(subscriber: Subscriber<T>): TeardownLogic {
    const outcome = this.#outcome;
    if (!outcome.settled) {
      // A literal holds just the one subscriber; `push` on `[]` would reserve 17 slots.
      if (this.#waiting === null) this.#waiting = [subscriber];
      else this.#waiting.push(subscriber);
      return () => {
        const waiting = this.#waiting;
        const index = waiting?.indexOf(subscriber) ?? -1;
        if (index >= 0) waiting?.splice(index, 1);
      };
    }
    if (outcome.failed) subscriber.error(outcome.error);
    else {
      subscriber.next(outcome.value);
      subscriber.complete();
    }
    return undefined;
  }

  #take(): readonly Subscriber<T>[] {
    const waiting = this.#waiting ?? [];
    this.#waiting = null;
    return waiting;
  }
}

function subscribeToAnswer<T>(this: Observable<T>, subscriber: Subscriber<T>): TeardownLogic {
  return (this as Answer<T>).attach(subscriber);
}
