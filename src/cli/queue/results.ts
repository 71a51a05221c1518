import { lastValueFrom, tap } from 'rxjs';
import type { SummaryEvent } from '../../pipelines/RunEvent.js';
import type { CliIO } from '../CliIO.js';
import { loadQueue } from './loadQueue.js';
import type { ResultsFlags } from './queueFlags.js';

/**
 * `text-stream results`: once every job is done, the summary (or, with
 * `--json`, every conversation event then the summary) and the exit code
 * `text-stream run` gives: 0 when every conversation passed, 1 otherwise.
 */
export async function results(flags: ResultsFlags, io: CliIO): Promise<number> {
  const { bullmq, entry, connect } = await loadQueue();
  const connection = await connect(flags.redis);
  const queue = new bullmq.Queue(flags.queue, { connection });
  try {
    const last = await lastValueFrom(
      entry.readResults(queue, { wait: flags.wait }).pipe(
        tap((event) => {
          if (flags.json) io.stdout.write(`${JSON.stringify(event)}\n`);
        }),
      ),
    );
    // readResults always ends with its summary.
    const summary = last as SummaryEvent;
    if (!flags.json) io.stdout.write(`${describeSummary(summary)}\n`);
    return summary.failed === 0 ? 0 : 1;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

function describeSummary(summary: SummaryEvent): string {
  const failures = Object.entries(summary.failures)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${count}`);
  const { p50, p95, p99 } = summary.latencyMs;
  return [
    `${summary.conversations} conversations: ${summary.ok} ok, ${summary.failed} failed${failures.length ? ` (${failures.join(', ')})` : ''}`,
    `${summary.turns} turns, latency p50 ${p50 ?? '-'} ms, p95 ${p95 ?? '-'} ms, p99 ${p99 ?? '-'} ms, ${summary.reconnects} reconnects`,
  ].join('\n');
}
