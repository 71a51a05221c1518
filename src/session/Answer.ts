import type { Subscriber, TeardownLogic } from 'rxjs';
import { LazySubject } from './LazySubject.js';

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
 * `asObservable()` delivers it. It is a replaying {@link LazySubject} that
 * is given its value and its end at once, rather than a subject, its
 * observer list and a wrapper, since a process holding thousands of
 * sessions makes one per message. Internal: handed out as an `Observable`.
 */
export class Answer<T> extends LazySubject<T> implements AwaitedAnswer<T> {
  constructor(readonly id: number) {
    super(true);
  }

  resolve(value: T): void {
    this.next(value);
    this.complete();
  }

  fail(error: unknown): void {
    this.error(error);
  }

  /**
   * @internal A subscriber that leaves before the outcome is let go at once,
   * not at the next value as a stream's is: an answer has no next value, and
   * may wait long.
   */
  override attach(subscriber: Subscriber<T>): TeardownLogic {
    super.attach(subscriber);
    return subscriber.closed ? undefined : () => this.release();
  }
}
