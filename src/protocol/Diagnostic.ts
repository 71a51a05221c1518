/** Why an inbound frame was not delivered, or not kept in its turn. */
export type DiagnosticKind =
  /** A well-formed frame whose `type` this version does not know (forward compatibility). */
  | 'unknown-type'
  /** Text that is not JSON, or bytes that are not UTF-8. */
  | 'invalid-json'
  /** JSON that is not an object (an array, a number, null...). */
  | 'not-an-object'
  /** An object without a string `type`. */
  | 'missing-type'
  /** A known `type` whose fields do not match its codec. */
  | 'invalid-frame'
  /** An input that is neither text, bytes nor an object. */
  | 'unsupported-input'
  /** A turn passed one of its `TurnLimits`: it stopped growing and is marked truncated. */
  | 'turn-limit';

/**
 * A report on an inbound frame that was dropped. Diagnostics never carry the
 * whole raw frame: `preview` is a bounded excerpt, so logging one is safe.
 */
export interface Diagnostic {
  readonly kind: DiagnosticKind;
  /** One line saying what was wrong. */
  readonly message: string;
  /** The frame's `type`, when it had one. */
  readonly frameType?: string;
  /** `path: expected Type, got value` lines, for `invalid-frame`. */
  readonly errors?: readonly string[];
  /** A short excerpt of the input. */
  readonly preview: string;
}
