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
 * makes for it, and from the second on a slot in an array, less than half
 * of what a subscriber of a plain `Subject` costs (whose subscription
 * object, teardown closure and rxjs's array of finalizers come on top), and
 * a value reaches a lone subscriber with no closure or iterator made for it. A
 * subscriber that unsubscribes is closed at once (rxjs drops what reaches
 * it, and lets go of its handlers); its empty shell leaves at the next
 * value or the next subscriber.
 *
 * Its fields are few on purpose: a process may hold thousands of sessions,
 * each with a stream per view, and an `Answer` per message.
 */
export class LazySubject<T> extends Observable<T> {
  /**
   * Who listens, in the order they came, some maybe closed: the one
   * subscriber itself while there is one (a stream a view shows has one),
   * an array from the second on, `null` while there is none. An array is
   * never changed, only replaced: an emission under way goes on over the
   * array it started with, which is what a `Subject` delivers to (those
   * present when the value came), whoever comes or leaves meanwhile.
   */
  #subscribers: Subscriber<T> | Subscriber<T>[] | null = null;
  /** 0: replays nothing; 1: replays, nothing yet; 2: replays `#latest`. */
  #replay: 0 | 1 | 2;
  #latest: T | undefined;
  #ending: Ending | undefined;

  constructor(replay = false) {
    super(subscribeLazily);
    this.#replay = replay ? 1 : 0;
  }

  /** True while someone subscribes. */
  get observed(): boolean {
    const subscribers = this.#subscribers;
    if (subscribers === null) return false;
    return isLone(subscribers) ? !subscribers.closed : subscribers.some(isOpen);
  }

  next(value: T): void {
    if (this.#ending !== undefined) return;
    if (this.#replay !== 0) {
      this.#replay = 2;
      this.#latest = value;
    }
    const subscribers = this.#subscribers;
    if (subscribers === null) return;
    if (isLone(subscribers)) {
      if (subscribers.closed) this.#subscribers = null;
      else subscribers.next(value);
      return;
    }
    let left = false;
    for (const subscriber of subscribers)
      if (subscriber.closed) left = true;
      else subscriber.next(value);
    if (left) this.release();
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
      if (this.#replay === 2) subscriber.next(this.#latest as T);
      end(subscriber, ending);
      return undefined;
    }
    // Listed before the replay, as a ReplaySubject does: a value emitted
    // from the replay's handler reaches it too, and so does an ending.
    // Shells of those who left go now, so churn without values stays bounded.
    const subscribers = this.#subscribers;
    if (subscribers === null) this.#subscribers = subscriber;
    else this.#list([...listed(subscribers).filter(isOpen), subscriber]);
    if (this.#replay === 2) subscriber.next(this.#latest as T);
    return undefined;
  }

  /**
   * Drops the subscribers that have left: for a subclass that must not hold
   * one until the next value or subscriber.
   */
  protected release(): void {
    this.#list(listed(this.#subscribers).filter(isOpen));
  }

  // Keeps `subscribers`, all open: one alone as itself, none as `null`.
  #list(subscribers: Subscriber<T>[]): void {
    this.#subscribers = subscribers.length > 1 ? subscribers : (subscribers[0] ?? null);
  }

  // The first ending wins, as a Subject's does; the subscribers are let go.
  #end(ending: Ending): void {
    if (this.#ending !== undefined) return;
    this.#ending = ending;
    // As a Subject does, each leaves the list before it is told: a handler
    // of the ending sees as listening (`observed`) only those not yet told.
    let waiting = listed(this.#subscribers);
    for (const subscriber of waiting) {
      waiting = waiting.slice(1);
      this.#list(waiting);
      if (!subscriber.closed) end(subscriber, ending);
    }
  }
}

const completed: Ending = { failed: false };

/**
 * Whether `subscribers` is one subscriber rather than the array of several.
 * Told by its `next`, which the array has not: a subscriber may come from
 * another copy of rxjs (an operator of the app's own subscribes with its
 * own), or be any object rxjs takes for one, an array among them.
 */
function isLone<T>(subscribers: Subscriber<T> | Subscriber<T>[]): subscribers is Subscriber<T> {
  return 'next' in subscribers;
}

/** The subscribers as an array, for the paths that run per subscriber or once, not per value. */
function listed<T>(subscribers: Subscriber<T> | Subscriber<T>[] | null): Subscriber<T>[] {
  if (subscribers === null) return [];
  return isLone(subscribers) ? [subscribers] : subscribers;
}

function isOpen(subscriber: Subscriber<unknown>): boolean {
  return !subscriber.closed;
}

function end(subscriber: Subscriber<unknown>, ending: Ending): void {
  if (ending.failed) subscriber.error(ending.error);
  else subscriber.complete();
}

function subscribeLazily<T>(this: Observable<T>, subscriber: Subscriber<T>): TeardownLogic {
  return (this as LazySubject<T>).attach(subscriber);
}
