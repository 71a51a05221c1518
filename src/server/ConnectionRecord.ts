import type { Fault } from './Fault.js';

/** A user message as the server received it. */
export interface ReceivedMessage {
  readonly text: string;
  /** It came while an answer was still being delivered (a turn-gating violation). */
  readonly midTurn: boolean;
  /** It repeated the message whose answer a dropped connection had cut off. */
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
