import {
  Observable,
  type Observer,
  type OperatorFunction,
  type Subscriber,
  type Unsubscribable,
} from 'rxjs';
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
      const pairing = new Pairing(subscriber, maxPendingToolCalls, onDiagnostic);
      subscriber.add(source.subscribe(pairing));
      return pairing;
    });
}

/**
 * One subscription's pairing: its observer of the frames and its teardown
 * in one object, rather than a closure each, since a session's `toolCalls$`
 * subscriber is one per session.
 */
class Pairing implements Observer<ServerFrame>, Unsubscribable {
  readonly #pairer: ToolCallPairer;
  #reported = false;

  constructor(
    readonly subscriber: Subscriber<ToolCall>,
    maxPendingToolCalls: number,
    readonly onDiagnostic: TurnLimitOptions['onDiagnostic'],
  ) {
    this.#pairer = new ToolCallPairer(maxPendingToolCalls);
  }

  next(frame: ServerFrame): void {
    const { subscriber } = this;
    switch (frame.type) {
      case 'tool_call_started': {
        const pairer = this.#pairer;
        const pushedOut = pairer.start(frame);
        if (pushedOut) subscriber.next(pushedOut);
        if (pairer.overflowed && !this.#reported) {
          this.#reported = true;
          try {
            this.onDiagnostic?.({
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
        subscriber.next(this.#pairer.complete(frame));
        break;
      case 'response_complete':
      case 'session_ended':
        this.#flush();
        break;
    }
  }

  error(err: unknown): void {
    this.subscriber.error(err);
  }

  complete(): void {
    this.#flush();
    this.subscriber.complete();
  }

  /** The teardown: pending starts are dropped. */
  unsubscribe(): void {
    this.#pairer.flush();
  }

  #flush(): void {
    this.#reported = false;
    for (const call of this.#pairer.flush()) this.subscriber.next(call);
  }
}
