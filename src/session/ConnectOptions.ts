import type { MessageShape } from '../protocol/userMessage.js';
import type { TurnLimits } from '../protocol/TurnLimits.js';
import type { TextStreamOptions } from '../transport/TextStreamOptions.js';

/** Options of {@link connect}: the transport's, less `input$`, plus the session's own. */
export interface ConnectOptions extends Omit<TextStreamOptions, 'input$'> {
  /** `'text'` writes `{"text"}` as the protocol page shows; `'typed'` writes `{"type":"message","text"}`. */
  readonly messageShape?: MessageShape;
  /** Messages that may wait behind the turn in flight before `send()` refuses (default 100). */
  readonly maxQueuedMessages?: number;
  /**
   * How long a conversation that may open with a greeting (a new one, or the
   * first connection to a `conversationId` the server may not know) is given
   * to start it before the first message goes out (default 5000). Messages
   * are never written while a greeting may still come, so a greeting is never
   * taken for an answer; `false` (or 0) for a server known never to greet.
   */
  readonly greetingTimeoutMs?: number | false;
  /**
   * How long a turn may take, from its message going out (or its first frame,
   * for a greeting) to its `response_complete` (default 120 000). Past it the
   * message's `send()` fails with `TurnTimeoutError` and the socket is dropped
   * and resumed; `false` for no deadline.
   */
  readonly turnTimeoutMs?: number | false;
  /** Bounds on one turn's frames, bytes and pending tool calls (see `TurnLimits`); past them a turn stops growing and is marked `truncated`. */
  readonly turnLimits?: Partial<TurnLimits>;
  /** Makes the `client_message_id` of each message (default: a random UUID per process and a counter). */
  readonly clientMessageId?: () => string;
}
