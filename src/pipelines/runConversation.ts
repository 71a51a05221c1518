import { Observable } from 'rxjs';
import type { ConversationScript } from './ConversationScript.js';
import type { ConversationEvent, TurnEvent } from './RunEvent.js';
import type { RunOptions } from './RunOptions.js';

/**
 * Runs one scripted conversation on its own session: its turn events, then
 * its conversation event, then completion. A failing conversation (terminal
 * close, turn timeout, unmet expectation, ...) is reported in the
 * conversation event (`ok: false`, `error`), never as an error of the
 * stream; only a bad option (a `TypeError` from `connect`) errors it.
 * Unsubscribing closes the socket.
 */
export function runConversation(
  script: ConversationScript,
  options: RunOptions,
): Observable<TurnEvent | ConversationEvent> {
  return new Observable<TurnEvent | ConversationEvent>((subscriber) => {
    void script;
    void options;
    subscriber.error(new Error('runConversation: not implemented yet'));
  });
}
