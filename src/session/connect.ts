import type { ConnectOptions } from './ConnectOptions.js';
import { TextStreamSession } from './TextStreamSession.js';

/**
 * Opens a {@link TextStreamSession}: one shared connection with typed streams,
 * turn-gated `send()`, and reconnect with resume.
 *
 * ## Example
 * ```ts
 * import { connect } from 'rxjs-text-stream';
 *
 * const session = connect({ url: 'wss://agent.example.com/agent/text-stream', token, toolEvents: true });
 * session.turns$.subscribe((turn) => console.log(turn.text));
 * session.send('Hi, I need to reschedule my appointment').subscribe((turn) => console.log(turn.toolCalls));
 * ```
 */
export function connect(options: ConnectOptions): TextStreamSession {
  return new TextStreamSession(options);
}
