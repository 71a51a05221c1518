let prefix: string | undefined;
let sequence = 0;

/**
 * A fresh `client_message_id`: one random prefix per process (a UUID where
 * the platform has `crypto.randomUUID`, every browser in a secure context and
 * Node 19+; otherwise time and `Math.random`) and a counter. Unique for every
 * message the process sends, which is all the platform needs to recognise a
 * resend, and far cheaper than a UUID per message when thousands of sessions
 * converse at once.
 */
export function randomClientMessageId(): string {
  prefix ??=
    globalThis.crypto?.randomUUID?.() ??
    `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
  sequence += 1;
  return `${prefix}-${sequence.toString(36)}`;
}
