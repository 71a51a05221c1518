import type { OperatorFunction, SchedulerLike } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';
import type { Turn } from '../protocol/Turn.js';
import { TurnAssembler } from '../protocol/TurnAssembler.js';
import { isTurnFrame } from '../protocol/turnFrames.js';
import { resolveTurnLimits } from '../protocol/TurnLimits.js';
import { asyncScheduler, Observable } from './rxjs.js';
import type { TurnLimitOptions } from './TurnLimitOptions.js';

/**
 * Reduces each agent turn (each {@link turnWindows} window) to a {@link Turn}: its messages and
 * text, its tool calls paired by `call_id`, its error frames, and whether it
 * completed (and as a duplicate). A turn cut off by `session_ended` or by the
 * end of the stream comes out with `complete: false`. A turn that passes its
 * limits (see `TurnLimits`) stops growing and comes out `truncated: true`.
 * Each turn's `timing` is stamped from `scheduler.now()` as its frames pass
 * (`sentAt`/`resentAt` stay undefined and `reconnects` 0: the operator sees
 * no writes and one stream).
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
 * raw$.pipe(decodeFrames(), pingTimeout(45_000), toTurns({ limits: { maxFrames: 500 } }))
 *   .subscribe((turn) => console.log(turn.index, turn.text, turn.truncated));
 * ```
 */
export function toTurns(options: ToTurnsOptions = {}): OperatorFunction<ServerFrame, Turn> {
  const limits = resolveTurnLimits(options.limits);
  const { onDiagnostic, scheduler = asyncScheduler } = options;
  if (onDiagnostic !== undefined && typeof onDiagnostic !== 'function') {
    throw new TypeError('toTurns: onDiagnostic must be a function');
  }
  // One subscriber and one assembler at a time, rather than `turnWindows()`
  // and `mergeMap` reducing each window: the same turns at the same moments,
  // without a subject, an inner subscription and their teardown per turn,
  // which cost as much as the turn's frames.
  return (source) =>
    new Observable<Turn>((subscriber) => {
      let turn: TurnAssembler | null = null;
      let index = 0;
      const finish = () => {
        const finished = turn;
        turn = null;
        if (finished !== null) subscriber.next(finished.finish(scheduler.now()));
      };
      // No teardown: the turn being assembled goes with the subscription, as
      // rxjs lets go of an unsubscribed observer.
      return source.subscribe({
        next(frame) {
          if (!isTurnFrame(frame)) {
            if (frame.type === 'session_ended') finish();
            return;
          }
          turn ??= new TurnAssembler(index++, limits);
          const diagnostic = turn.add(frame, scheduler.now());
          if (diagnostic !== undefined) {
            try {
              onDiagnostic?.(diagnostic);
            } catch (err) {
              // A throwing callback must not escape into the socket's event loop.
              subscriber.error(err);
              return;
            }
          }
          if (frame.type === 'response_complete') finish();
        },
        error: (err) => subscriber.error(err),
        complete() {
          finish();
          subscriber.complete();
        },
      });
    });
}

/** Options of `toTurns`: the turn limits, and the clock its turns' `timing` is read from. */
export interface ToTurnsOptions extends TurnLimitOptions {
  /** Stamps each turn's `timing` (`scheduler.now()`); default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}
