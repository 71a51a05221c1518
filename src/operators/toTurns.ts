import { mergeMap, Observable, pipe, type OperatorFunction } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { TurnAssembler } from '../protocol/TurnAssembler.js';
import type { Turn } from '../protocol/Turn.js';
import type { TurnFrame } from '../protocol/turnFrames.js';
import { turnWindows } from './turnWindows.js';

/**
 * Reduces each {@link turnWindows} window to a {@link Turn}: its messages and
 * text, its tool calls paired by `call_id`, its error frames, and whether it
 * completed (and as a duplicate). A turn cut off by `session_ended` or by the
 * end of the stream comes out with `complete: false`.
 *
 * ```
 * source:  -S-t-s-c-m-r---m--|     s/c: a tool call's started/completed
 * toTurns()
 * result:  -----------A------(B|)  A: { index: 0, toolCalls: [1 call], complete: true }
 *                                  B: { index: 1, complete: false }
 * ```
 *
 * ## Example
 * ```ts
 * import { decodeFrames, pingTimeout, toTurns } from 'rxjs-text-stream';
 *
 * raw$.pipe(decodeFrames(), pingTimeout(45_000), toTurns())
 *   .subscribe((turn) => console.log(turn.index, turn.text));
 * ```
 */
export function toTurns(): OperatorFunction<ServerFrame, Turn> {
  return pipe(
    turnWindows(),
    mergeMap((window$, index) => reduceTurn(window$, index)),
  );
}

function reduceTurn(window$: Observable<TurnFrame>, index: number): Observable<Turn> {
  return new Observable<Turn>((subscriber) => {
    const turn = new TurnAssembler(index);
    return window$.subscribe({
      next: (frame) => turn.add(frame),
      error: (err) => subscriber.error(err),
      complete() {
        subscriber.next(turn.finish());
        subscriber.complete();
      },
    });
  });
}
