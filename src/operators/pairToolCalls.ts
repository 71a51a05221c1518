import { Observable, type OperatorFunction } from 'rxjs';
import { preview } from '../protocol/preview.js';
import type { ServerFrame } from '../protocol/serverFrames.js';
import { ToolCallPairer } from '../protocol/ToolCallPairer.js';
import type { ToolCall } from '../protocol/ToolCall.js';
import { resolveTurnLimits } from '../protocol/TurnLimits.js';
import type { TurnLimitOptions } from './TurnLimitOptions.js';

/**
 * Pairs `tool_call_started` and `tool_call_completed` frames by `call_id` and
 * emits one {@link ToolCall} per call: `completed` when its completion
 * arrives, `orphaned` for a completion with no start, and `incomplete` for
 * each start still pending when its turn ends (`response_complete`,
 * `session_ended`, or the end of the stream). Pending state is dropped at
 * every turn end, so memory stays flat however long the session runs; within
 * a turn at most `limits.maxPendingToolCalls` starts wait, and past that the
 * oldest comes out `incomplete` at once (one `turn-limit` diagnostic per turn).
 *
 * ```
 * source:  -s1-s2-c2-c1-c3-s4-r-|    s: started  c: completed  r: response_complete
 * pairToolCalls()
 * result:  -------B--A--C-----D-|    A/B: completed  C: orphaned (c3)  D: incomplete (s4)
 * ```
 *
 * ## Example
 * ```ts
 * import { pairToolCalls } from 'rxjs-text-stream';
 *
 * frames$.pipe(pairToolCalls()).subscribe((call) =>
 *   console.log(`${call.toolName} ${call.status}: ${call.result ?? '(none)'}`),
 * );
 * ```
 */
export function pairToolCalls(
  options: TurnLimitOptions = {},
): OperatorFunction<ServerFrame, ToolCall> {
  const { maxPendingToolCalls } = resolveTurnLimits(options.limits);
  const { onDiagnostic } = options;
  if (onDiagnostic !== undefined && typeof onDiagnostic !== 'function') {
    throw new TypeError('pairToolCalls: onDiagnostic must be a function');
  }
  return (source) =>
    new Observable<ToolCall>((subscriber) => {
      const pairer = new ToolCallPairer(maxPendingToolCalls);
      let reported = false;
      const flush = () => {
        reported = false;
        for (const call of pairer.flush()) subscriber.next(call);
      };
      subscriber.add(
        source.subscribe({
          next(frame) {
            switch (frame.type) {
              case 'tool_call_started': {
                const pushedOut = pairer.start(frame);
                if (pushedOut) subscriber.next(pushedOut);
                if (pairer.overflowed && !reported) {
                  reported = true;
                  try {
                    onDiagnostic?.({
                      kind: 'turn-limit',
                      message: pairer.overflowMessage,
                      frameType: frame.type,
                      preview: preview(frame),
                    });
                  } catch (err) {
                    subscriber.error(err);
                  }
                }
                break;
              }
              case 'tool_call_completed':
                subscriber.next(pairer.complete(frame));
                break;
              case 'response_complete':
              case 'session_ended':
                flush();
                break;
            }
          },
          error: (err) => subscriber.error(err),
          complete: () => {
            flush();
            subscriber.complete();
          },
        }),
      );
      return () => pairer.flush();
    });
}
