import type { Job } from 'bullmq';
import {
  asyncScheduler,
  concat,
  EMPTY,
  defer,
  first,
  from,
  ignoreElements,
  mergeMap,
  Observable,
  switchMap,
  timer,
  type SchedulerLike,
} from 'rxjs';
import type { ConversationEvent, SummaryEvent } from '../pipelines/RunEvent.js';
import { clip } from '../protocol/clip.js';
import { RunSummaryAccumulator } from '../pipelines/RunSummaryAccumulator.js';
import type { ConversationJobData } from './ConversationJob.js';
import type { ConversationQueue } from './ConversationQueue.js';

/** Options of {@link readResults}. */
export interface ReadResultsOptions {
  /** Wait until no job is waiting, delayed or running before reading (default true). */
  readonly wait?: boolean;
  /** How often to look while waiting, ms (default 500). */
  readonly pollMs?: number;
  /** Jobs read per round trip (default 500). */
  readonly pageSize?: number;
  /** Schedules the polling (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/** Job states still to run: the queue is done when none is left in them. */
const UNFINISHED = ['wait', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/**
 * The results of a queue of conversation jobs, as the runner's events: one
 * conversation event per job, then a summary event computed from them by
 * `RunSummaryAccumulator`, the summary `runConversations` ends with. Each
 * event is JSON as is (one NDJSON line).
 *
 * Completed jobs come first, in the order they finished, then failed ones.
 * A job that failed without a result (its script unreadable, or stalled
 * more often than `maxStalledCount`) is reported as a failed conversation
 * with reason `'error'`, so every job has exactly one event.
 *
 * ```ts
 * import { Queue } from 'bullmq';
 * import { Redis } from 'ioredis';
 * import { lastValueFrom } from 'rxjs';
 * import { readResults } from 'rxjs-text-stream/bullmq';
 *
 * const connection = new Redis('redis://127.0.0.1:6379');
 * const queue = new Queue('conversations', { connection });
 * const last = await lastValueFrom(readResults(queue)); // waits for every job
 * if (last.type === 'summary') console.log(`${last.ok} of ${last.conversations} ok`);
 * await queue.close();
 * connection.disconnect();
 * ```
 */
export function readResults(
  queue: ConversationQueue,
  options: ReadResultsOptions = {},
): Observable<ConversationEvent | SummaryEvent> {
  const { wait = true, pollMs = 500, pageSize = 500, scheduler = asyncScheduler } = options;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1)
    throw new TypeError(`pageSize must be a positive whole number, got ${pageSize}`);
  if (!Number.isFinite(pollMs) || pollMs <= 0)
    throw new TypeError(`pollMs must be more than 0, got ${pollMs}`);
  const done$ = wait
    ? timer(0, pollMs, scheduler).pipe(
        switchMap(() => from(queue.getJobCountByTypes(...UNFINISHED))),
        first((unfinished) => unfinished === 0),
        ignoreElements(),
      )
    : EMPTY;
  return concat(
    done$,
    defer(() => {
      const summary = new RunSummaryAccumulator();
      const events$ = concat(pages(queue, 'completed', pageSize), pages(queue, 'failed', pageSize));
      return new Observable<ConversationEvent | SummaryEvent>((subscriber) =>
        events$.subscribe({
          next: (event) => {
            summary.add(event);
            subscriber.next(event);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            subscriber.next({ type: 'summary', ...summary.summary() });
            subscriber.complete();
          },
        }),
      );
    }),
  );
}

/** The jobs in one finished state, a page per round trip, as conversation events. */
function pages(
  queue: ConversationQueue,
  state: 'completed' | 'failed',
  pageSize: number,
): Observable<ConversationEvent> {
  const page = (start: number): Observable<ConversationEvent> =>
    from(queue.getJobs(state, start, start + pageSize - 1, true)).pipe(
      mergeMap((jobs) =>
        concat(
          from(jobs.map(resultOf)),
          jobs.length === pageSize ? defer(() => page(start + pageSize)) : EMPTY,
        ),
      ),
    );
  return page(0);
}

/** A job's conversation event: its result, or one saying why it has none. */
function resultOf(job: Job<ConversationJobData, ConversationEvent>): ConversationEvent {
  const result: unknown = job.returnvalue;
  if (
    typeof result === 'object' &&
    result !== null &&
    (result as { type?: unknown }).type === 'conversation'
  )
    return result as ConversationEvent;
  const at = job.processedOn ?? job.timestamp;
  return {
    type: 'conversation',
    id: job.data.script?.id ?? decodeURIComponent(job.id ?? ''),
    ok: false,
    turns: 0,
    latenciesMs: [],
    reconnects: 0,
    startedAt: at,
    endedAt: job.finishedOn ?? at,
    error: {
      reason: 'error',
      retryable: false,
      message: job.failedReason
        ? clip(`job failed: ${job.failedReason}`)
        : 'job completed without a result',
    },
  };
}
