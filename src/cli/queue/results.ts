import { lastValueFrom, tap } from 'rxjs';
import type { SummaryEvent } from '../../pipelines/RunEvent.js';
import { stringifyJson } from '../../recording/stringifyJson.js';
import type { CliIO } from '../CliIO.js';
import { failureLine } from '../run.js';
import { summaryTable } from '../run/summaryTable.js';
import { loadQueue } from './loadQueue.js';
import type { ResultsFlags } from './queueFlags.js';

/**
 * `text-stream results`: once every job is done, what `text-stream run`
 * prints for the same conversations (the failed ones and the summary table,
 * or with `--json` every conversation event then the summary) and its exit
 * code: 0 when every conversation passed, 1 otherwise (and when there is
 * no result at all: an empty or misspelled queue).
 */
export async function results(flags: ResultsFlags, io: CliIO): Promise<number> {
  const { bullmq, entry, connect } = await loadQueue();
  const connection = await connect(flags.redis);
  const queue = new bullmq.Queue(flags.queue, { connection });
  const write = (text: string): void => void io.stdout.write(`${text}\n`);
  try {
    const last = await lastValueFrom(
      entry.readResults(queue, { wait: flags.wait }).pipe(
        tap((event) => {
          if (flags.json) write(stringifyJson(event));
          else if (event.type === 'summary') write(summaryTable(event));
          else if (!event.ok) write(failureLine(event));
        }),
      ),
    );
    // readResults always ends with its summary.
    const summary = last as SummaryEvent;
    if (summary.conversations > 0) return summary.failed === 0 ? 0 : 1;
    // No result must not pass a CI job: a misspelled queue name reads as an empty queue.
    const jobs = await queue.getJobCountByTypes();
    io.stderr.write(
      jobs === 0
        ? `text-stream: queue ${flags.queue} has no jobs\n`
        : `text-stream: no job of queue ${flags.queue} has a result yet (${jobs} not done)\n`,
    );
    return 1;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
