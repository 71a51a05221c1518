import { from, isObservable, mergeMap, Observable, Subscription, type ObservableInput } from 'rxjs';

/** What {@link mergePulled} reads: pulled when iterable, subscribed otherwise. */
export type PulledInput<T> = Iterable<T> | AsyncIterable<T> | ObservableInput<T>;

/**
 * `mergeMap(project, concurrency)` over an input that is *pulled*: the next
 * value is read from the (async) iterator only when one of the `concurrency`
 * slots is free, so an endless generator or a million-line file is read no
 * further ahead than the work in hand. (`from(asyncIterable).pipe(mergeMap(...))`
 * reads the whole input ahead into mergeMap's buffer.)
 *
 * ```
 * input (pulled):  ab---c----d           concurrency 2: c is read when a
 * a's inner:       --x--|                completes, d when c does
 * b's inner:       -----y------|
 * c's inner:            --z--|
 * d's inner:                 ---w|
 * result:          --x--y-z-----w|
 * ```
 *
 * An async iterator has one `next()` in flight at a time. Unsubscribing,
 * or an error of the input or of an inner Observable, unsubscribes every
 * inner and calls the iterator's `return()` (which closes a generator, or
 * a file read through `readline`).
 *
 * An input that is not iterable (an Observable, a promise) cannot be pulled:
 * it is subscribed once and what it pushes waits in `mergeMap`'s buffer
 * until a slot frees. Prefer an iterable when the input is large.
 *
 * ## Example
 * ```ts
 * import { mergePulled } from 'rxjs-text-stream';
 *
 * async function* ids() { for (let id = 0; ; id += 1) yield id; }
 * mergePulled(ids(), (id) => fetchThing(id), 10).subscribe(console.log); // 10 in flight, never more read
 * ```
 *
 * @param input What to read values from.
 * @param project Maps each value (and its index) to the work to run for it.
 * @param concurrency Inner Observables subscribed at once (a positive whole number, or `Infinity`).
 */
export function mergePulled<T, R>(
  input: PulledInput<T>,
  project: (value: T, index: number) => ObservableInput<R>,
  concurrency = Infinity,
): Observable<R> {
  if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency > 0))) {
    throw new TypeError(
      `mergePulled: concurrency must be a positive whole number or Infinity, got ${String(concurrency)}`,
    );
  }
  if (isObservable(input) || !(isAsyncIterable(input) || isIterable(input))) {
    return from(input as ObservableInput<T>).pipe(mergeMap(project, concurrency));
  }
  const pulled = input;
  return new Observable<R>((subscriber) => {
    const iterator = isAsyncIterable(pulled)
      ? pulled[Symbol.asyncIterator]()
      : (pulled as Iterable<T>)[Symbol.iterator]();
    const sync = !isAsyncIterable(pulled);
    let active = 0;
    let index = 0;
    /** The iterator said `done` (or threw): nothing more is read, and `return()` is not owed. */
    let exhausted = false;
    /** A sync pull loop is running: an inner completing inside it leaves the pulling to it. */
    let pulling = false;
    /** An async `next()` is in flight. */
    let waiting = false;

    const completeIfDone = (): void => {
      if (exhausted && active === 0 && !waiting) subscriber.complete();
    };

    // The inners in flight, in a Set rather than as the subscriber's
    // finalizers: removing one from those scans them all, at every completion.
    const inners = new Set<Subscription>();
    subscriber.add(() => {
      for (const inner of inners) inner.unsubscribe();
      inners.clear();
    });

    const start = (value: T): void => {
      active += 1;
      let source: Observable<R>;
      try {
        source = from(project(value, index++));
      } catch (error) {
        subscriber.error(error);
        return;
      }
      let finished = false;
      let inner: Subscription | undefined = undefined;
      inner = source.subscribe({
        next: (result) => subscriber.next(result),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          finished = true;
          // Dropped at once: a long run holds only what is in flight.
          if (inner !== undefined) inners.delete(inner);
          active -= 1;
          pull();
        },
      });
      // An inner that completed (or errored) while subscribing is not in flight.
      if (!finished && !inner.closed) inners.add(inner);
    };

    const pullSync = (): void => {
      if (pulling) return;
      pulling = true;
      try {
        while (!exhausted && active < concurrency && !subscriber.closed) {
          const step = (iterator as Iterator<T>).next();
          if (step.done === true) exhausted = true;
          else start(step.value);
        }
      } catch (error) {
        exhausted = true;
        subscriber.error(error);
      } finally {
        pulling = false;
      }
      completeIfDone();
    };

    const pullAsync = (): void => {
      if (waiting || exhausted || subscriber.closed || active >= concurrency) {
        completeIfDone();
        return;
      }
      waiting = true;
      let next: Promise<IteratorResult<T>>;
      try {
        next = (iterator as AsyncIterator<T>).next();
      } catch (error) {
        waiting = false;
        exhausted = true;
        subscriber.error(error);
        return;
      }
      next.then(
        (step) => {
          waiting = false;
          if (subscriber.closed) return;
          if (step.done === true) exhausted = true;
          else start(step.value);
          pullAsync();
        },
        (error: unknown) => {
          waiting = false;
          exhausted = true;
          subscriber.error(error);
        },
      );
    };

    const pull = sync ? pullSync : pullAsync;
    pull();
    return () => {
      if (exhausted) return;
      exhausted = true;
      // An async generator queues this behind a `next()` still in flight.
      try {
        const returned = iterator.return?.();
        if (returned instanceof Promise) returned.catch(ignore);
      } catch {
        // An iterator that fails to close has nothing more to give us.
      }
    };
  });
}

function isAsyncIterable<T>(input: unknown): input is AsyncIterable<T> {
  return (
    input !== null &&
    typeof input === 'object' &&
    typeof (input as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] === 'function'
  );
}

function isIterable<T>(input: unknown): input is Iterable<T> {
  return (
    input !== null &&
    typeof input === 'object' &&
    typeof (input as Partial<Iterable<T>>)[Symbol.iterator] === 'function'
  );
}

function ignore(): void {}
