/**
 * Ways the reference server can be kinder than the live platform. Each is off
 * by default, because a server that forgives what the platform does not hides
 * client bugs; turn one on only in a test that is about something else.
 */
export interface Kindness {
  /**
   * Finish a turn a drop cut off. On resume a cut greeting is written to the
   * end (from the first frame not yet written), and a resend of a message
   * whose answer was cut gets the rest of that answer, closed by
   * `response_complete` with `duplicate: true` if its `message` frame had
   * already been written. The platform finishes nothing on resume (platform
   * notes, "Resume"). Default false.
   */
  readonly finishCutTurns?: boolean;
  /**
   * When a message carries no `client_message_id`, count it as the resend of
   * the previous message if it repeats that message's text while that
   * message's answer has not been fully written. The platform dedupes by
   * `client_message_id` only, so there a repeated text is a new message
   * answered in full. Default false.
   */
  readonly dedupeByText?: boolean;
}

/** Every kindness on: how the reference server behaved before it modelled the platform. */
export const allKindness: Required<Kindness> = { finishCutTurns: true, dedupeByText: true };
