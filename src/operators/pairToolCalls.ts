import type { Observer, OperatorFunction, Subscriber } from 'rxjs';
import type { ServerFrame } from '../protocol/serverFrames.js';
import type { ToolCall } from '../protocol/ToolCall.js';
import { ToolCallPairer } from '../protocol/ToolCallPairer.js';
import { turnLimitDiagnostic } from '../protocol/turnLimitDiagnostic.js';
import { resolveTurnLimits } from '../protocol/TurnLimits.js';
import { Observable } from './rxjs.js';
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
    new Observable<ToolCall>((subscriber) =>
      source.subscribe(new Pairing(subscriber, maxPendingToolCalls, onDiagnostic)),
    );
}

/**
 * One subscription's pairing, as one object rather than an observer of
 * closures, since a session's `toolCalls$` subscriber is one per session.
 * Its pending starts go when the subscription does: rxjs lets go of an
 * unsubscribed observer.
 */
class Pairing implements Observer<ServerFrame> {
  readonly #subscriber: Subscriber<ToolCall>;
  readonly #pairer: ToolCallPairer;
  readonly #onDiagnostic: TurnLimitOptions['onDiagnostic'];
  #reported = false;

  constructor(
    subscriber: Subscriber<ToolCall>,
    maxPendingToolCalls: number,
    onDiagnostic: TurnLimitOptions['onDiagnostic'],
  ) {
    this.#subscriber = subscriber;
    this.#pairer = new ToolCallPairer(maxPendingToolCalls);
    this.#onDiagnostic = onDiagnostic;
  }

  next(frame: ServerFrame): void {
    const subscriber = this.#subscriber;
    switch (frame.type) {
      case 'tool_call_started': {
        const pairer = this.#pairer;
        const pushedOut = pairer.start(frame);
        if (pushedOut) subscriber.next(pushedOut);
        if (pairer.overflow !== undefined && !this.#reported) {
          this.#reported = true;
          try {
            this.#onDiagnostic?.(turnLimitDiagnostic(frame, pairer.overflow));
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
    this.#subscriber.error(err);
  }

  complete(): void {
    this.#flush();
    this.#subscriber.complete();
  }

  #flush(): void {
    this.#reported = false;
    for (const call of this.#pairer.flush()) this.#subscriber.next(call);
  }
}
