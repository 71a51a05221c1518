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
  // Spelled out rather than spread from a `{}` or `{ client_message_id }`:
  // one object per message, not two.
  if (clientMessageId === undefined)
    return shape === 'typed' ? { type: 'message', text } : { text };
  return shape === 'typed'
    ? { type: 'message', text, client_message_id: clientMessageId }
    : { text, client_message_id: clientMessageId };
}
