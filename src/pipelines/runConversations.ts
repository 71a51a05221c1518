import { Observable, type ObservableInput } from 'rxjs';
import type { RunEvent } from './RunEvent.js';
import type { RunConversationsOptions } from './RunOptions.js';

/**
 * What {@link runConversations} reads scripts from. Iterables and async
 * iterables are pulled one script at a time as a slot frees up; any other
 * `ObservableInput` (an Observable, a promise) is subscribed once and
 * buffered as it pushes.
 */
export type RunInput = Iterable<unknown> | AsyncIterable<unknown> | ObservableInput<unknown>;

/**
 * Runs many scripted conversations, `concurrency` at a time, as one stream
 * of events: for each conversation its turn events then its conversation
 * event, and once all are done one summary event.
 */
export function runConversations(
  scripts: RunInput,
  options: RunConversationsOptions,
): Observable<RunEvent> {
  return new Observable<RunEvent>((subscriber) => {
    void scripts;
    void options;
    subscriber.error(new Error('runConversations: not implemented yet'));
  });
}
