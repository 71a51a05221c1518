import type { MessageShape } from '../protocol/clientFrames.js';
import type { TextStreamOptions } from '../transport/TextStreamOptions.js';

/** Options of {@link connect}: the transport's, less `input$`, plus the session's own. */
export interface ConnectOptions extends Omit<TextStreamOptions, 'input$'> {
  /** `'text'` writes `{"text"}` as the protocol page shows; `'typed'` writes `{"type":"message","text"}`. */
  readonly messageShape?: MessageShape;
  /** Messages that may wait behind the turn in flight before `send()` refuses (default 100). */
  readonly maxQueuedMessages?: number;
  /**
   * On a new conversation, how long to wait after `session_started` for a
   * greeting turn to begin before sending the first message (default 250).
   * The protocol allows a message only between turns, and a greeting may
   * already be on its way.
   */
  readonly greetingGraceMs?: number;
}
