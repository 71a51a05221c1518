import { failureReasons, type RunSummary } from '../../pipelines/RunEvent.js';

/**
 * The summary a person reads at the end of `text-stream run`:
 *
 * ```
 * conversations  200 (198 ok, 2 failed)
 * failed by      expectation 1, closed 1
 * turns          600
 * latency ms     p50 3  p95 9  p99 14  max 21
 * reconnects     0
 * elapsed        1.9 s (105.3 conversations/s)
 * ```
 */
export function summaryTable(summary: RunSummary, interrupted = false): string {
  const { latencyMs: latency } = summary;
  const failures = failureReasons
    .filter((reason) => summary.failures[reason] > 0)
    .map((reason) => `${reason} ${summary.failures[reason]}`);
  const seconds = summary.elapsedMs / 1000;
  const rows: [string, string][] = [
    [
      'conversations',
      `${summary.conversations} (${summary.ok} ok, ${summary.failed} failed)${interrupted ? ', interrupted' : ''}`,
    ],
    ...(failures.length > 0 ? [['failed by', failures.join(', ')] as [string, string]] : []),
    ['turns', String(summary.turns)],
    [
      'latency ms',
      latency.p50 === null
        ? '-'
        : `p50 ${latency.p50}  p95 ${latency.p95}  p99 ${latency.p99}  max ${latency.max}`,
    ],
    ['reconnects', String(summary.reconnects)],
    [
      'elapsed',
      `${seconds.toFixed(1)} s${seconds > 0 ? ` (${(summary.conversations / seconds).toFixed(1)} conversations/s)` : ''}`,
    ],
  ];
  return rows.map(([label, value]) => `${label.padEnd(15)}${value}`).join('\n');
}
