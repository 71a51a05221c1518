import * as fc from 'fast-check';
import type { ToolCallCompletedFrame, ToolCallStartedFrame } from '../../src/protocol/serverFrames';
import type { ToolCall } from '../../src/protocol/ToolCall';
import { ToolCallPairer } from '../../src/protocol/ToolCallPairer';

// The pairing rules written plainly, with one Map for every pending start:
// the pairer keeps its first pending call outside any Map, and must not be
// told from this.
class ReferencePairer {
  readonly pending = new Map<string, ToolCallStartedFrame>();
  overflowed = false;
  constructor(readonly maxPending: number) {}

  start(frame: ToolCallStartedFrame): ToolCall | undefined {
    const previous = this.pending.get(frame.call_id);
    if (previous !== undefined) {
      this.pending.set(frame.call_id, frame);
      return incomplete(previous);
    }
    let evicted: ToolCall | undefined;
    if (this.pending.size >= this.maxPending) {
      const [oldestId, oldest] = [...this.pending][0] as [string, ToolCallStartedFrame];
      this.pending.delete(oldestId);
      this.overflowed = true;
      evicted = incomplete(oldest);
    }
    this.pending.set(frame.call_id, frame);
    return evicted;
  }

  complete(frame: ToolCallCompletedFrame): ToolCall {
    const started = this.pending.get(frame.call_id);
    // The live platform may put `parent_call_id` on either frame.
    const parent =
      started === undefined
        ? (frame as { parent_call_id?: string }).parent_call_id
        : started.parent_call_id;
    const common = {
      callId: frame.call_id,
      toolName: frame.tool_name,
      result: frame.result,
      succeeded: frame.succeeded,
      completed: frame,
      ...(parent === undefined ? {} : { parentCallId: parent }),
    };
    if (started === undefined) return { status: 'orphaned', input: null, ...common };
    this.pending.delete(frame.call_id);
    return { status: 'completed', input: started.input, started, ...common };
  }

  flush(): ToolCall[] {
    this.overflowed = false;
    const calls = [...this.pending.values()].map(incomplete);
    this.pending.clear();
    return calls;
  }
}

function incomplete(started: ToolCallStartedFrame): ToolCall {
  return {
    status: 'incomplete',
    callId: started.call_id,
    toolName: started.tool_name,
    input: started.input,
    result: null,
    succeeded: false,
    started,
    ...(started.parent_call_id === undefined ? {} : { parentCallId: started.parent_call_id }),
  };
}

const callId = fc.constantFrom('a', 'b', 'c', 'd');
const parent = fc.option(fc.constantFrom('p', 'q'), { nil: undefined });
const step = fc.oneof(
  fc.record({ op: fc.constant('start' as const), id: callId, parent, input: fc.nat(9) }),
  fc.record({ op: fc.constant('complete' as const), id: callId, parent }),
  fc.record({ op: fc.constant('flush' as const) }),
);

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** One step applied to either pairer: what it hands out. */
function apply(pairer: ToolCallPairer | ReferencePairer, next: Step): unknown {
  if (next.op === 'start') {
    return pairer.start({
      type: 'tool_call_started',
      tool_name: `tool_${next.id}`,
      call_id: next.id,
      input: { n: next.input },
      ...(next.parent === undefined ? {} : { parent_call_id: next.parent }),
    });
  }
  if (next.op === 'complete') {
    return pairer.complete({
      type: 'tool_call_completed',
      tool_name: `tool_${next.id}`,
      call_id: next.id,
      result: 'ok',
      succeeded: true,
      ...(next.parent === undefined ? {} : { parent_call_id: next.parent }),
    } as ToolCallCompletedFrame);
  }
  return pairer.flush();
}

describe('ToolCallPairer', () => {
  it('pairs, evicts, orphans and flushes exactly as one Map of pending starts would', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3, Number.POSITIVE_INFINITY),
        fc.array(step, { maxLength: 40 }),
        (maxPending, steps) => {
          const pairer = new ToolCallPairer(maxPending);
          const reference = new ReferencePairer(maxPending);
          steps.forEach((next, index) => {
            const got = apply(pairer, next);
            const want = apply(reference, next);
            // What is pending now, without a getter: a second pairer given
            // the same steps, then flushed.
            const replay = new ToolCallPairer(maxPending);
            for (const earlier of steps.slice(0, index + 1)) apply(replay, earlier);
            expect({
              step: index,
              got,
              pending: replay.flush(),
              overflowed: pairer.overflow !== undefined,
            }).toEqual({
              step: index,
              got: want,
              pending: [...reference.pending.values()].map(incomplete),
              overflowed: reference.overflowed,
            });
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
