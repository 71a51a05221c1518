import type { OperatorFunction } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { isTurnFrame, type TurnFrame } from '../protocol/turnFrames.js';
import { Observable, Subject } from './rxjs.js';

/**
 * Splits the frame stream into one inner Observable per agent turn. A window
 * opens at the first turn frame (`typing`, `message`, a tool frame, `error`,
 * or a lone `response_complete`) after the previous turn, and completes right
 * after the `response_complete` that ends it, which it includes. A window
 * still open when `session_ended` arrives or the source completes is completed
 * without one: that turn is incomplete. `session_started`, `session_ended` and
 * `ping` belong to no window.
 *
 * Windows are hot, like RxJS's own `window`: subscribe to each as it is
 * emitted (e.g. with `mergeMap`) or its frames are missed.
 *
 * ```
 * source:  -S-t-m-r---t-e-m-r--E|     S: session_started  t: typing  m: message
 * turnWindows()                       r: response_complete  e: error  E: session_ended
 * result:  ---W-------X---------|
 * W:          t-m-r|
 * X:                  t-e-m-r|
 * ```
 *
 * ## Example
 * ```ts
 * import { mergeMap, toArray } from 'rxjs';
 * import { turnWindows } from 'rxjs-text-stream';
 *
 * frames$.pipe(turnWindows(), mergeMap((turn$) => turn$.pipe(toArray())))
 *   .subscribe((frames) => console.log(frames.map((f) => f.type)));
 * ```
 *
 * @see {@link toTurns} for each window reduced to a `Turn`.
 */
export function turnWindows(): OperatorFunction<ServerFrame, Observable<TurnFrame>> {
  return (source) =>
    new Observable<Observable<TurnFrame>>((subscriber) => {
      let window: Subject<TurnFrame> | null = null;
      const closeWindow = () => {
        const closing = window;
        window = null;
        closing?.complete();
      };
      subscriber.add(
        source.subscribe({
          next(frame) {
            if (!isTurnFrame(frame)) {
              if (frame.type === 'session_ended') closeWindow();
              return;
            }
            if (window === null) {
              window = new Subject<TurnFrame>();
              subscriber.next(window.asObservable());
            }
            window.next(frame);
            if (frame.type === 'response_complete') closeWindow();
          },
          error: (err) => {
            window?.error(err);
            window = null;
            subscriber.error(err);
          },
          complete: () => {
            closeWindow();
            subscriber.complete();
          },
        }),
      );
      // An unsubscribed consumer must not leave a window's subscribers hanging.
      return closeWindow;
    });
}
