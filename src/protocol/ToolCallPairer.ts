import type { ToolCallCompletedFrame, ToolCallStartedFrame } from './serverFrames.js';
import type {
  CompletedToolCall,
  IncompleteToolCall,
  OrphanedToolCall,
  ToolCall,
} from './ToolCall.js';

/**
 * Pairs tool-call frames by `call_id` within one turn. `pairToolCalls` and
 * `toTurns` share it so a call is paired the same way in both. At most
 * `maxPending` starts wait for their completion: past that the oldest comes
 * out `incomplete` at once, so a server that never completes its calls
 * cannot grow the client.
 */
export class ToolCallPairer {
  // The usual turn runs its calls one at a time: the one pending start waits
  // in `#only`, and a Map is made only when a second start arrives while one
  // is pending (a Map per turn, and the smaller table `delete` allocates when
  // it empties, were most of the garbage a tool call left). A Map keeps
  // insertion order, so incomplete calls flush in start order and the oldest
  // pending call is the first key. At most one of the two is in use.
  #only: ToolCallStartedFrame | null = null;
  #pending: Map<string, ToolCallStartedFrame> | null = null;
  readonly #maxPending: number;
  /**
   * Set once a start pushed the oldest pending call out early, until the next
   * flush: what happened, in words, for a `turn-limit` diagnostic.
   */
  overflow: string | undefined = undefined;

  constructor(maxPending = Infinity) {
    this.#maxPending = maxPending;
  }

  /**
   * Holds a start. Returns the call it pushes out, if any: a pending start
   * with the same id, or the oldest pending call once `maxPending` are held.
   */
  start(frame: ToolCallStartedFrame): IncompleteToolCall | undefined {
    if (this.#pending === null) {
      const only = this.#only;
      this.#only = frame;
      if (only === null) return undefined;
      if (only.call_id === frame.call_id) return incomplete(only);
      if (this.#maxPending <= 1) return this.#evict(only);
      // A second call while one is pending: from here on, the Map.
      this.#only = null;
      this.#pending = new Map([
        [only.call_id, only],
        [frame.call_id, frame],
      ]);
      return undefined;
    }
    const pending = this.#pending;
    const previous = pending.get(frame.call_id);
    if (previous !== undefined) {
      pending.set(frame.call_id, frame);
      return incomplete(previous);
    }
    let evicted: IncompleteToolCall | undefined;
    if (pending.size >= this.#maxPending) {
      const oldest = pending.entries().next().value;
      if (oldest !== undefined) {
        pending.delete(oldest[0]);
        evicted = this.#evict(oldest[1]);
      }
    }
    pending.set(frame.call_id, frame);
    return evicted;
  }

  /** Pairs a completion with its start, or reports it orphaned. */
  complete(frame: ToolCallCompletedFrame): CompletedToolCall | OrphanedToolCall {
    const started = this.#take(frame.call_id);
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
        // The live platform may put `parent_call_id` on either frame.
        (frame as { parent_call_id?: unknown }).parent_call_id,
      );
    }
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
  flush(): readonly IncompleteToolCall[] {
    this.overflow = undefined;
    const only = this.#only;
    if (only !== null) {
      this.#only = null;
      return [incomplete(only)];
    }
    const pending = this.#pending;
    if (pending === null) return noCalls;
    const calls = Array.from(pending.values(), incomplete);
    // Dropped rather than cleared: clearing allocates a fresh table as well.
    this.#pending = null;
    return calls;
  }

  // The oldest pending call, pushed out early by a start past `maxPending`.
  #evict(oldest: ToolCallStartedFrame): IncompleteToolCall {
    this.overflow = `more than maxPendingToolCalls (${this.#maxPending}) awaiting completion; the oldest came out incomplete`;
    return incomplete(oldest);
  }

  // The pending start with this id, no longer pending; `undefined` if none.
  #take(callId: string): ToolCallStartedFrame | undefined {
    const only = this.#only;
    if (only !== null) {
      if (only.call_id !== callId) return undefined;
      this.#only = null;
      return only;
    }
    const started = this.#pending?.get(callId);
    if (started !== undefined) this.#pending?.delete(callId);
    return started;
  }
}

const noCalls: readonly IncompleteToolCall[] = [];

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

// Every call comes out of here as a spread copy of the literal it was
// written as, which has no allocation site: an app keeps its calls, as it
// keeps turns (copyWithoutAllocationSite.ts says why). The spread is this
// function's own, not that helper's, so that the three kinds of call do not
// share V8's cache of shapes with the turn's. `parentCallId` is only present
// when the frame had one, so calls compare equal to literals in tests and
// serialise without `undefined` keys.
function withParent<T extends ToolCall>(call: T, parentCallId: unknown): T {
  return typeof parentCallId === 'string' ? { ...call, parentCallId } : { ...call };
}
