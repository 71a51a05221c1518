import type { ErrorFrame, MessageFrame } from './serverFrames.js';
import type { ToolCall } from './ToolCall.js';
import type { TurnTiming } from './TurnTiming.js';

/** One agent turn, from its first frame to its `response_complete`. */
export interface Turn {
  /** 0 for the first turn on the stream (which may be a greeting), then 1, 2... */
  readonly index: number;
  /** The agent's messages, in order (usually one). */
  readonly messages: readonly MessageFrame[];
  /** The messages' text, joined by a blank line. */
  readonly text: string;
  /** The turn's tool calls, paired by `call_id`, in the order they were resolved. */
  readonly toolCalls: readonly ToolCall[];
  /** Recoverable `error` frames the turn carried. */
  readonly errors: readonly ErrorFrame[];
  /** True when the server marked the completion as a suppressed repeat. */
  readonly duplicate: boolean;
  /** False when the stream or session ended before `response_complete`. */
  readonly complete: boolean;
  /**
   * The connection dropped while this turn was awaited and its message was
   * sent again: the turn holds what arrived on both sockets. A server that
   * answers the resend in full (instead of `duplicate: true`) shows here as
   * more than one message. Always false from `toTurns()`, which sees one stream.
   * True exactly when `timing.reconnects` is more than 0.
   */
  readonly spansReconnect: boolean;
  /** True when a `TurnLimits` bound cut the turn: frames past it were left out. */
  readonly truncated: boolean;
  /** When its phases happened (message written, first frame, typing, first message, end, resend). */
  readonly timing: TurnTiming;
}
