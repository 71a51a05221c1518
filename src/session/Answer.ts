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
  error(error: unknown): void;
}

/**
 * The one outcome of a `send()`: a value and completion, or an error, for
 * every subscriber however late, as an `AsyncSubject` seen through
 * `asObservable()` delivers it (but for one who subscribes from a handler
 * of the value: it gets the value at once and its completion after the
 * others', where an `AsyncSubject` completes it at once). It is a
 * replaying {@link LazySubject} that is given its value and its end at
 * once, rather than a subject, its observer list and a wrapper, since a
 * process holding thousands of sessions makes one per message. Internal:
 * handed out as an `Observable`.
 */
export class Answer<T> extends LazySubject<T> implements AwaitedAnswer<T> {
  constructor(readonly id: number) {
    super(true);
  }

  resolve(value: T): void {
    this.next(value);
    this.complete();
  }

  /**
   * @internal A subscriber that leaves before the outcome is let go at once,
   * not at the next value as a stream's is: an answer has no next value, and
   * may wait long. (One that came after the outcome is closed already:
   * rxjs runs the teardown at once, and it finds nothing to let go of.)
   */
  override attach(subscriber: Subscriber<T>): TeardownLogic {
    super.attach(subscriber);
    return () => this.release();
  }
}
