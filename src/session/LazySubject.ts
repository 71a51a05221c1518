import { Observable, ReplaySubject, Subject, type Subscriber, type TeardownLogic } from 'rxjs';

type Ending = { readonly failed: false } | { readonly failed: true; readonly error: unknown };

/**
 * A multicast stream that costs one small object until someone subscribes:
 * it behaves as a `Subject` (or, with `replay`, a `ReplaySubject(1)`) seen
 * through `asObservable()`, but the subject behind it exists only while it
 * has subscribers. Values emitted with nobody listening are dropped (a
 * replaying one keeps the latest); the ending is kept for late subscribers.
 * Internal: the session's streams are these, handed out as `Observable`s.
 */
export class LazySubject<T> extends Observable<T> {
  readonly #replay: boolean;
  #subject: Subject<T> | null = null;
  #hasLatest = false;
  #latest: T | undefined = undefined;
  #ending: Ending | null = null;

  constructor(replay = false) {
    super(subscribeLazily);
    this.#replay = replay;
  }

  /** True while someone subscribes. */
  get observed(): boolean {
    return this.#subject?.observed ?? false;
  }

  next(value: T): void {
    if (this.#ending !== null) return;
    if (this.#replay) {
      this.#hasLatest = true;
      this.#latest = value;
    }
    this.#subject?.next(value);
  }

  error(error: unknown): void {
    if (this.#ending !== null) return;
    this.#ending = { failed: true, error };
    this.#subject?.error(error);
  }

  complete(): void {
    if (this.#ending !== null) return;
    this.#ending = { failed: false };
    this.#subject?.complete();
  }

  /** @internal */
  attach(subscriber: Subscriber<T>): TeardownLogic {
    let subject = this.#subject;
    if (subject === null) {
      // A fresh subject that knows what the stream has seen so far.
      subject = this.#replay ? new ReplaySubject<T>(1) : new Subject<T>();
      if (this.#hasLatest) subject.next(this.#latest as T);
      const ending = this.#ending;
      if (ending?.failed === true) subject.error(ending.error);
      else if (ending !== null) subject.complete();
      else this.#subject = subject;
    }
    const inner = subject.subscribe(subscriber);
    return () => {
      inner.unsubscribe();
      if (this.#subject === subject && !subject.observed) this.#subject = null;
    };
  }
}

function subscribeLazily<T>(this: Observable<T>, subscriber: Subscriber<T>): TeardownLogic {
  return (this as LazySubject<T>).attach(subscriber);
}
