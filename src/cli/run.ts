import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { interval, type Subscription } from 'rxjs';
import type { ConversationEvent, RunEvent } from '../pipelines/RunEvent.js';
import { readScripts } from '../pipelines/readScripts.js';
import { runConversations } from '../pipelines/runConversations.js';
import { RunSummaryAccumulator } from '../pipelines/RunSummaryAccumulator.js';
import { ScriptError } from '../pipelines/ScriptError.js';
import { stringifyJson } from '../recording/stringifyJson.js';
import { startReferenceServer, type RunningReferenceServer } from '../server/ws.js';
import type { CliIO } from './CliIO.js';
import type { RunFlags } from './flags.js';
import { openFile } from './openFile.js';
import { whenOutputCloses } from './output/whenOutputCloses.js';
import { progressLine } from './run/progressLine.js';
import { summaryTable } from './run/summaryTable.js';

/** How often the progress line is redrawn. */
const PROGRESS_EVERY_MS = 250;

/**
 * `text-stream run [FILE|-]`: NDJSON conversation scripts in, each run on
 * its own session, `--concurrency` at a time. With `--json`, every run event
 * as a line on stdout, the summary last; otherwise failed conversations and
 * a summary table, with a progress line on stderr when it is a terminal.
 * Exit 0 when every conversation met its expectations, 1 when any failed
 * or none ran, 2 for bad usage or a bad script, 130 on Ctrl-C (after the partial summary).
 */
export async function run(flags: RunFlags, io: CliIO): Promise<number> {
  const input = flags.file === undefined ? io.stdin : await openFile(flags.file);
  const embedded: RunningReferenceServer | undefined =
    flags.url === undefined
      ? // No history: a long run must not keep every conversation it ran.
        await startReferenceServer({ history: false })
      : undefined;
  const url = flags.url ?? (embedded as RunningReferenceServer).url;

  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  let pulled = 0;
  const summary = new RunSummaryAccumulator();
  const started = performance.now();
  const showProgress = !flags.json && (io.stderr as { isTTY?: boolean }).isTTY === true;
  let total: number | undefined;
  // Only for the progress line's ETA, and only a regular file can be read
  // twice: a second reader of a pipe (`run <(generate)`, a FIFO) would take
  // lines from the run.
  if (showProgress && flags.file !== undefined)
    void countScripts(flags.file).then(
      (count) => (total = count),
      () => undefined,
    );
  const drawProgress = (): void => {
    const { conversations, failed } = summary.summary();
    io.stderr.write(
      `\r\x1b[K${progressLine({
        done: conversations,
        failed,
        running: pulled - conversations,
        total,
        elapsedMs: performance.now() - started,
      })}`,
    );
  };
  const write = (text: string): void => void io.stdout.write(`${text}\n`);

  const code = await new Promise<number>((resolve) => {
    let progress: Subscription | undefined;
    let removeInterrupt = (): void => undefined;
    let removeOutputWatch = (): void => undefined;
    let runSubscription: Subscription | undefined;
    let settled = false;
    const finish = (exitCode: number, message?: string): void => {
      if (settled) return;
      settled = true;
      runSubscription?.unsubscribe();
      progress?.unsubscribe();
      removeInterrupt();
      removeOutputWatch();
      lines.close();
      if (showProgress) io.stderr.write('\r\x1b[K');
      if (message !== undefined) io.stderr.write(`text-stream: ${message}\n`);
      resolve(exitCode);
    };

    removeOutputWatch = whenOutputCloses(io.stdout, () => finish(141));
    removeInterrupt = io.onInterrupt(() => {
      // Every socket closes now; what finished is summed up.
      const partial = summary.summary();
      runSubscription?.unsubscribe();
      if (flags.json) write(stringifyJson({ type: 'summary', ...partial, interrupted: true }));
      else write(summaryTable(partial, true));
      finish(130);
    });
    if (showProgress) progress = interval(PROGRESS_EVERY_MS).subscribe(drawProgress);

    const scripts = counted(readScripts(lines), () => (pulled += 1));
    try {
      runSubscription = runConversations(scripts, {
        url,
        concurrency: flags.concurrency,
        params: flags.params,
        auth: flags.auth,
        ...(flags.token === undefined ? {} : { token: flags.token }),
        ...(flags.greetingTimeoutMs === undefined
          ? {}
          : { greetingTimeoutMs: flags.greetingTimeoutMs }),
        ...(flags.turnTimeoutMs === undefined ? {} : { turnTimeoutMs: flags.turnTimeoutMs }),
      }).subscribe({
        next: (event: RunEvent) => {
          if (event.type === 'summary') {
            write(flags.json ? stringifyJson(event) : summaryTable(event));
            return;
          }
          summary.add(event);
          if (flags.json) write(stringifyJson(event));
          else if (event.type === 'conversation' && !event.ok) write(failureLine(event));
        },
        error: (error: unknown) => {
          const usage = error instanceof ScriptError || error instanceof TypeError;
          finish(usage ? 2 : 1, (error as Error).message);
        },
        complete: () => {
          const { conversations, failed } = summary.summary();
          // An empty file (or a wrong one) must not pass a CI job.
          if (conversations === 0) finish(1, 'no conversations were run');
          else finish(failed > 0 ? 1 : 0);
        },
      });
    } catch (error) {
      finish(2, (error as Error).message);
    }
  });
  await embedded?.close();
  return code;
}

/** `FAIL c17 expectation (turn 1): expected a call to check_availability, got none` */
export function failureLine(event: ConversationEvent): string {
  const error = event.error;
  if (error === undefined) return `FAIL ${event.id}`;
  const at = error.turn === undefined ? '' : ` (turn ${error.turn})`;
  return `FAIL ${event.id} ${error.reason}${at}: ${error.message}`;
}

/** `items`, calling `onEach` as each is read. */
async function* counted<T>(items: AsyncIterable<T>, onEach: () => void): AsyncGenerator<T> {
  for await (const item of items) {
    onEach();
    yield item;
  }
}

/**
 * The scripts in a file (its non-blank lines), read once more on the side
 * for the ETA; `undefined` when it is not a regular file.
 */
async function countScripts(file: string): Promise<number | undefined> {
  if (!(await stat(file)).isFile()) return undefined;
  let count = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') count += 1;
  return count;
}
