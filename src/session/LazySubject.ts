import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';

type Ending = { readonly failed: false } | { readonly failed: true; readonly error: unknown };

/**
 * A multicast stream that costs one small object until someone subscribes:
 * it behaves as a `Subject` (or, with `replay`, a `ReplaySubject(1)`) seen
 * through `asObservable()`. Values emitted with nobody listening are dropped
 * (a replaying one keeps the latest); the ending is kept for late
 * subscribers. Internal: the session's streams are these, handed out as
 * `Observable`s.
 *
 * It holds its subscribers itself rather than through a `Subject`, and gives
 * rxjs no teardown for them: a subscription then costs the subscriber rxjs
 * makes for it and a slot in an array, about half of what a subscriber of a
 * plain `Subject` costs (whose subscription object, teardown closure and
 * rxjs's array of finalizers come on top), and a value reaches a subscriber
 * with no closure or iterator made for it. A subscriber that unsubscribes is
 * closed at once (rxjs drops what reaches it, and lets go of its handlers);
 * its empty shell leaves the array at the next value or the next subscriber.
 */
export class LazySubject<T> extends Observable<T> {
  readonly #replay: boolean;
  /** The subscribers, in the order they came, some maybe closed; `null` while there are none. */
  #subscribers: Subscriber<T>[] | null = null;
  /** Emissions under way: the array is compacted only when none is. */
  #emitting = 0;
  #hasLatest = false;
  #latest: T | undefined;
  #ending: Ending | undefined;

  constructor(replay = false) {
    super(subscribeLazily);
    this.#replay = replay;
  }

  /** True while someone subscribes. */
  get observed(): boolean {
    const subscribers = this.#subscribers;
    if (subscribers === null) return false;
    for (const subscriber of subscribers) if (!subscriber.closed) return true;
    return false;
  }

  next(value: T): void {
    if (this.#ending !== undefined) return;
    if (this.#replay) {
      this.#hasLatest = true;
      this.#latest = value;
    }
    const subscribers = this.#subscribers;
    if (subscribers === null) return;
    // Those present now, as a Subject's snapshot: one who subscribes from a
    // handler waits for the next value.
    const count = subscribers.length;
    if (count === 1) {
      const only = subscribers[0] as Subscriber<T>;
      // Nothing else is in the array, even during an outer emission.
      if (only.closed) this.#subscribers = null;
      else only.next(value);
      return;
    }
    let left = false;
    this.#emitting += 1;
    try {
      for (let index = 0; index < count; index += 1) {
        const subscriber = subscribers[index] as Subscriber<T>;
        if (subscriber.closed) left = true;
        else subscriber.next(value);
      }
    } finally {
      this.#emitting -= 1;
      if (left && this.#emitting === 0) this.#prune();
    }
  }

  error(error: unknown): void {
    this.#end({ failed: true, error });
  }

  complete(): void {
    this.#end(completed);
  }

  /** @internal */
  attach(subscriber: Subscriber<T>): TeardownLogic {
    const ending = this.#ending;
    if (ending !== undefined) {
      // What the stream saw: its latest value, then its ending.
      if (this.#hasLatest) subscriber.next(this.#latest as T);
      end(subscriber, ending);
      return undefined;
    }
    // Shells of those who left go first, so churn without values stays bounded.
    if (this.#emitting === 0) this.#prune();
    // Listed before the replay, as a ReplaySubject does: a value emitted
    // from the replay's handler reaches it too, and so does an ending.
    if (this.#subscribers === null) this.#subscribers = [subscriber];
    else this.#subscribers.push(subscriber);
    if (this.#hasLatest) subscriber.next(this.#latest as T);
    return undefined;
  }

  /**
   * Drops the subscribers that have left, unless an emission is under way
   * (its loop keeps its indexes): for a subclass that must not hold one who
   * left until the next value or subscriber.
   */
  protected release(): void {
    if (this.#emitting === 0) this.#prune();
  }

  // Drops the subscribers that have left; the array goes once the last has.
  #prune(): void {
    const subscribers = this.#subscribers;
    if (subscribers === null) return;
    let kept = 0;
    for (const subscriber of subscribers) if (!subscriber.closed) subscribers[kept++] = subscriber;
    subscribers.length = kept;
    if (kept === 0) this.#subscribers = null;
  }

  // The first ending wins, as a Subject's does; the subscribers are let go.
  #end(ending: Ending): void {
    if (this.#ending !== undefined) return;
    this.#ending = ending;
    const subscribers = this.#subscribers;
    this.#subscribers = null;
    if (subscribers !== null)
      for (const subscriber of subscribers) if (!subscriber.closed) end(subscriber, ending);
  }
}

const completed: Ending = { failed: false };

function end(subscriber: Subscriber<unknown>, ending: Ending): void {
  if (ending.failed) subscriber.error(ending.error);
  else subscriber.complete();
}

function subscribeLazily<T>(this: Observable<T>, subscriber: Subscriber<T>): TeardownLogic {
  return (this as LazySubject<T>).attach(subscriber);
}
