import type { ToolCallCompletedFrame, ToolCallStartedFrame, ToolInput } from './serverFrames.js';

/** How a tool call's two frames came together. */
export type ToolCallStatus =
  /** Both frames arrived. */
  | 'completed'
  /** A completion whose start never came. */
  | 'orphaned'
  /** A start whose completion never came before its turn ended. */
  | 'incomplete';

interface ToolCallBase {
  /** The `call_id` both frames share. */
  readonly callId: string;
  readonly toolName: string;
  /** The enclosing call, for nested calls (`parent_call_id` on the live platform). */
  readonly parentCallId?: string;
}

/** A call whose start and completion both arrived. */
export interface CompletedToolCall extends ToolCallBase {
  readonly status: 'completed';
  readonly input: ToolInput;
  readonly result: string;
  readonly succeeded: boolean;
  /** The raw frames, with any fields the protocol page does not list. */
  readonly started: ToolCallStartedFrame;
  readonly completed: ToolCallCompletedFrame;
}

/** A completion without a start: its input is unknown (`null`). */
export interface OrphanedToolCall extends ToolCallBase {
  readonly status: 'orphaned';
  readonly input: null;
  readonly result: string;
  readonly succeeded: boolean;
  readonly completed: ToolCallCompletedFrame;
}

/** A start without a completion: it has no result and did not succeed. */
export interface IncompleteToolCall extends ToolCallBase {
  readonly status: 'incomplete';
  readonly input: ToolInput;
  readonly result: null;
  readonly succeeded: false;
  readonly started: ToolCallStartedFrame;
}

/** One tool call, paired by `call_id`; `status` says which frames arrived. */
export type ToolCall = CompletedToolCall | OrphanedToolCall | IncompleteToolCall;
