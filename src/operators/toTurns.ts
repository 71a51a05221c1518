import { mergeMap, Observable, pipe, type OperatorFunction } from 'rxjs';
import type { ErrorFrame, MessageFrame, ServerFrame } from '../protocol/serverFrames.js';
import { ToolCallPairer } from './internal/ToolCallPairer.js';
import type { ToolCall } from './ToolCall.js';
import type { Turn } from './Turn.js';
import type { TurnFrame } from './turnFrames.js';
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
    const messages: MessageFrame[] = [];
    const errors: ErrorFrame[] = [];
    const toolCalls: ToolCall[] = [];
    const pairer = new ToolCallPairer();
    let duplicate = false;
    let complete = false;
    return window$.subscribe({
      next(frame) {
        switch (frame.type) {
          case 'message':
            messages.push(frame);
            break;
          case 'error':
            errors.push(frame);
            break;
          case 'tool_call_started': {
            const replaced = pairer.start(frame);
            if (replaced) toolCalls.push(replaced);
            break;
          }
          case 'tool_call_completed':
            toolCalls.push(pairer.complete(frame));
            break;
          case 'response_complete':
            duplicate = frame.duplicate;
            complete = true;
            break;
        }
      },
      error: (err) => subscriber.error(err),
      complete() {
        toolCalls.push(...pairer.flush());
        const text = messages.map((message) => message.text).join('\n\n');
        subscriber.next({ index, messages, text, toolCalls, errors, duplicate, complete });
        subscriber.complete();
      },
    });
  });
}
