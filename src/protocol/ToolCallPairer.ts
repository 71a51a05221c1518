import type { ToolCallCompletedFrame, ToolCallStartedFrame } from './serverFrames.js';
import type {
  CompletedToolCall,
  IncompleteToolCall,
  OrphanedToolCall,
  ToolCall,
} from './ToolCall.js';

/**
 * Pairs tool-call frames by `call_id` within one turn. `pairToolCalls` and
 * `toTurns` share it so a call is paired the same way in both.
 */
export class ToolCallPairer {
  // A Map keeps insertion order, so incomplete calls flush in start order.
  readonly #pending = new Map<string, ToolCallStartedFrame>();

  /** Holds a start; a second start for a pending id ends the first as incomplete. */
  start(frame: ToolCallStartedFrame): IncompleteToolCall | undefined {
    const previous = this.#pending.get(frame.call_id);
    this.#pending.set(frame.call_id, frame);
    return previous && incomplete(previous);
  }

  /** Pairs a completion with its start, or reports it orphaned. */
  complete(frame: ToolCallCompletedFrame): CompletedToolCall | OrphanedToolCall {
    const started = this.#pending.get(frame.call_id);
    if (started === undefined) {
      return withParent(
        {
          status: 'orphaned',
          callId: frame.call_id,
          toolName: frame.tool_name,
          input: null,
          result: frame.result,
          succeeded: frame.succeeded,
          completed: frame,
        },
        parentOf(frame),
      );
    }
    this.#pending.delete(frame.call_id);
    return withParent(
      {
        status: 'completed',
        callId: frame.call_id,
        toolName: frame.tool_name,
        input: started.input,
        result: frame.result,
        succeeded: frame.succeeded,
        started,
        completed: frame,
      },
      started.parent_call_id,
    );
  }

  /** Ends the turn: every pending start comes out incomplete, and the state is dropped. */
  flush(): IncompleteToolCall[] {
    if (this.#pending.size === 0) return [];
    const calls = [...this.#pending.values()].map(incomplete);
    this.#pending.clear();
    return calls;
  }
}

function incomplete(started: ToolCallStartedFrame): IncompleteToolCall {
  return withParent(
    {
      status: 'incomplete',
      callId: started.call_id,
      toolName: started.tool_name,
      input: started.input,
      result: null,
      succeeded: false,
      started,
    },
    started.parent_call_id,
  );
}

// The live platform may put `parent_call_id` on either frame.
function parentOf(frame: object): unknown {
  return (frame as { parent_call_id?: unknown }).parent_call_id;
}

// `parentCallId` is only present when the frame had one, so calls compare
// equal to literals in tests and serialise without `undefined` keys.
function withParent<T extends ToolCall>(call: T, parentCallId: unknown): T {
  return typeof parentCallId === 'string' ? { ...call, parentCallId } : call;
}
