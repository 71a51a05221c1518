import { concat, defer, type Observable, of, tap, type ObservableInput } from 'rxjs';
import { parseScript } from './ConversationScript.js';
import { mergePulled } from './mergePulled.js';
import type { RunEvent } from './RunEvent.js';
import type { RunConversationsOptions } from './RunOptions.js';
import { prepareRun, runPrepared } from './runConversation.js';
import { RunSummaryAccumulator } from './RunSummaryAccumulator.js';

/**
 * What {@link runConversations} reads scripts from. Iterables and async
 * iterables (an array, a generator, the lines of a file) are pulled one
 * script at a time as a slot frees up; any other `ObservableInput` (an
 * Observable, a promise) is subscribed once and buffered as it pushes.
 */
export type RunInput = Iterable<unknown> | AsyncIterable<unknown> | ObservableInput<unknown>;

/**
 * Runs many scripted conversations, `concurrency` at a time (default 10),
 * each on its own session, as one stream of events: for each conversation
 * its turn events then its conversation event (see {@link runConversation};
 * conversations interleave), and once all are done one summary event, then
 * completion.
 *
 * A failing conversation is reported in its conversation event and the
 * others go on. Scripts are read only as slots free up, so an endless
 * generator or a huge file runs in bounded memory, and nothing is kept of a
 * finished conversation but its share of the summary. Each script is checked
 * with `parseScript` as it is read: a bad one errors the stream with a
 * `ScriptError` (and closes every socket). Unsubscribing closes every socket
 * at once.
 *
 * ```
 * scripts:  a b c                      concurrency 2
 * result:   --ta--tb-Ca--tc-Cb-Cc-S|   t: turn, C: conversation, S: summary
 * ```
 *
 * ## Example
 * ```ts
 * import { runConversations } from 'rxjs-text-stream';
 *
 * const scripts = [
 *   { id: 'reschedule', turns: ['I need to reschedule', { text: 'next Tuesday', expect: { toolCalls: ['check_availability'] } }] },
 * ];
 * runConversations(scripts, { url, concurrency: 50 }).subscribe((event) => {
 *   if (event.type === 'summary') console.log(event.ok, event.failed, event.latencyMs.p95);
 * });
 * ```
 */
export function runConversations(
  scripts: RunInput,
  options: RunConversationsOptions,
): Observable<RunEvent> {
  const { concurrency = 10, ...runOptions } = options ?? {};
  if (!(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new TypeError(
      `runConversations: concurrency must be a positive whole number, got ${String(concurrency)}`,
    );
  }
  // Checked once, so a bad option throws now rather than per conversation.
  const prepared = prepareRun(runOptions);
  return defer(() => {
    const summary = new RunSummaryAccumulator();
    const conversations = mergePulled(
      scripts,
      (script) => runPrepared(parseScript(script), prepared),
      concurrency,
    );
    return concat(
      conversations.pipe(tap((event) => summary.add(event))),
      defer(() => of<RunEvent>({ type: 'summary', ...summary.summary() })),
    );
  });
}
