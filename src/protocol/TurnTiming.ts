/**
 * When a turn's phases happened, in ms on the clock of whoever assembled it:
 * the session's scheduler (`scheduler.now()`) for a session's turns, the
 * operator's for `toTurns()`, so a test in virtual time sees exact values.
 */
export interface TurnTiming {
  /** When the message this turn answers was first written to a socket; undefined for a greeting or an unsolicited turn. */
  readonly sentAt: number | undefined;
  /** When the turn's first frame arrived (typing, message, tool frame, error, or a lone response_complete). */
  readonly firstFrameAt: number;
  /** When its first `typing` frame arrived, if one did. */
  readonly typingAt: number | undefined;
  /** When its first `message` frame arrived, if one did (kept or, past a limit, dropped). */
  readonly firstMessageAt: number | undefined;
  /** When the turn ended: its `response_complete`, or the moment it was cut off (`complete: false`). */
  readonly completedAt: number;
  /**
   * When its message was written again after a reconnect, if it was: the
   * latest such resend (one per resume the answer was still awaited across).
   */
  readonly resentAt: number | undefined;
  /**
   * How many connection drops the turn went on past: each resume that resent
   * its message counts one. 0 for most turns; more than 0 exactly when
   * `spansReconnect` is true. A greeting or unsolicited turn ends at a drop,
   * so it is always 0.
   */
  readonly reconnects: number;
}
