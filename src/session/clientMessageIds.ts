let sequence = 0;

/**
 * A fresh `client_message_id`: a random UUID where the platform has one (every
 * browser in a secure context, Node 19+), otherwise time, a counter and
 * randomness, which is unique enough for one client's messages.
 */
export function randomClientMessageId(): string {
  const uuid = globalThis.crypto?.randomUUID?.bind(globalThis.crypto);
  if (uuid !== undefined) return uuid();
  sequence += 1;
  return `${Date.now().toString(36)}-${sequence.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
