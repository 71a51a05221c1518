import type { TextFrame, TypedMessageFrame } from './clientFrames.js';

/** Which shape `send()` writes a user message in. */
export type MessageShape = 'text' | 'typed';

/**
 * The client frame carrying `text` in the chosen shape, with
 * `client_message_id` when one is given (reuse it on the message's resend).
 */
export function userMessage(
  text: string,
  shape: MessageShape = 'text',
  clientMessageId?: string,
): TextFrame | TypedMessageFrame {
  const id = clientMessageId === undefined ? {} : { client_message_id: clientMessageId };
  return shape === 'typed' ? { type: 'message', text, ...id } : { text, ...id };
}
