// Stand-in for src/protocol/TurnTiming.ts (issue 26, branch `timing`) until it is merged: the same shape.
/** When each moment of a turn happened, on the session's scheduler clock (ms). */
export interface TurnTiming {
  /** When the message this turn answers was first written to a socket; undefined for a greeting or an unsolicited turn. */
  readonly sentAt: number | undefined;
  /** When the turn's first frame arrived. */
  readonly firstFrameAt: number;
  /** When its first `typing` frame arrived, if one did. */
  readonly typingAt: number | undefined;
  /** When its first `message` frame arrived, if one did. */
  readonly firstMessageAt: number | undefined;
  /** When the turn ended: its `response_complete`, or the moment it was cut off. */
  readonly completedAt: number;
  /** When its message was written again after a reconnect, if it was. */
  readonly resentAt: number | undefined;
  /** How many connection drops the turn spanned. */
  readonly reconnects: number;
}
