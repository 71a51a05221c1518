import { LatencyHistogram } from './LatencyHistogram.js';
import { failureReasons, type FailureReason, type RunEvent, type RunSummary } from './RunEvent.js';

/**
 * Builds a {@link RunSummary} from a run's events, in memory that does not
 * grow with the number of conversations. Only conversation events count
 * (turn and summary events are ignored), so the same summary comes from a
 * live run or from conversation events stored and read back later.
 *
 * ```ts
 * import { RunSummaryAccumulator } from 'rxjs-text-stream';
 *
 * const summary = new RunSummaryAccumulator();
 * for (const event of storedConversationEvents) summary.add(event);
 * console.log(summary.summary().latencyMs.p95);
 * ```
 */
export class RunSummaryAccumulator {
  readonly #latencies = new LatencyHistogram();
  readonly #failures = Object.fromEntries(failureReasons.map((reason) => [reason, 0])) as Record<
    FailureReason,
    number
  >;
  #conversations = 0;
  #ok = 0;
  #turns = 0;
  #reconnects = 0;
  #firstStart = Infinity;
  #lastEnd = -Infinity;

  /** Counts a conversation event; any other event is ignored. */
  add(event: RunEvent): void {
    if (event.type !== 'conversation') return;
    this.#conversations += 1;
    if (event.ok) this.#ok += 1;
    else {
      const reason = event.error?.reason ?? 'error';
      this.#failures[reason] += 1;
    }
    this.#turns += event.turns;
    for (const latency of event.latenciesMs) this.#latencies.add(latency);
    this.#reconnects += event.reconnects;
    if (event.startedAt < this.#firstStart) this.#firstStart = event.startedAt;
    if (event.endedAt > this.#lastEnd) this.#lastEnd = event.endedAt;
  }

  /** The figures of every conversation event added so far. */
  summary(): RunSummary {
    const latencies = this.#latencies;
    return {
      conversations: this.#conversations,
      ok: this.#ok,
      failed: this.#conversations - this.#ok,
      failures: { ...this.#failures },
      turns: this.#turns,
      latencyMs: {
        p50: latencies.percentile(50),
        p95: latencies.percentile(95),
        p99: latencies.percentile(99),
        max: latencies.max,
      },
      reconnects: this.#reconnects,
      elapsedMs: this.#conversations === 0 ? 0 : this.#lastEnd - this.#firstStart,
    };
  }
}
