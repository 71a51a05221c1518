import type { Fault } from './Fault.js';

/** A user message as the server received it. */
export interface ReceivedMessage {
  readonly text: string;
  /** The `client_message_id` it carried, if any. */
  readonly clientMessageId: string | undefined;
  /**
   * It came while a turn was open on this connection: an answer or greeting
   * being written, a greeting waiting for its delay, or a stalled turn (a
   * turn-gating violation by the client, or a greeting it could not foresee).
   */
  readonly midTurn: boolean;
  /**
   * Its `client_message_id` was seen before in this conversation, on a
   * message the server took (not one it rejected mid-turn), or, with
   * `kindness.dedupeByText`, it repeated the text of the previous message
   * whose answer was cut.
   */
  readonly resend: boolean;
}

/**
 * What the server saw of one connection, for tests and for users' own
 * assertions. Tokens are never recorded.
 */
export interface ConnectionRecord {
  /** 0 for the first connection the server accepted. */
  readonly index: number;
  /** The request's path. */
  readonly path: string;
  /** The query parameters, with any `token` masked. */
  readonly query: Readonly<Record<string, string>>;
  /** How the client presented a token. */
  readonly auth: 'subprotocol' | 'query' | 'none';
  readonly fault: Fault | undefined;
  /** The `conversation_id` the client asked to resume, if any. */
  readonly requestedConversationId: string | undefined;
  /** The conversation `session_started` named (it may differ from the requested one). */
  conversationId: string | undefined;
  /** The connection resumed an existing conversation. */
  resumed: boolean;
  /** Every client frame received, parsed. */
  readonly received: unknown[];
  readonly messages: ReceivedMessage[];
  /** Frames written to the socket, pings included. */
  framesSent: number;
  open: boolean;
  closeCode: number | undefined;
  closedBy: 'server' | 'client' | undefined;
}
