/** A user message the session wrote to the socket. */
export interface SentMessage {
  readonly text: string;
  /** The id the platform uses to suppress a repeated answer; the same on a resend. */
  readonly clientMessageId: string;
  /** True for the one resend after a drop cut the message's turn off. */
  readonly resend: boolean;
}
