import { plainRecord } from '../../src/protocol/plainRecord';
import { TurnAssembler } from '../../src/protocol/TurnAssembler';
import { frames } from '../../src/testing/frames';

// What an app keeps of a turn is made by plainRecord rather than written as
// a literal (plainRecord.ts says why); it must stay a literal to every reader.
describe('plainRecord', () => {
  it('copies the fields, in their order, into a new object with Object.prototype', () => {
    const fields = { b: 1, a: [2], c: undefined };
    const record = plainRecord(fields);
    expect({
      copy: record !== fields,
      keys: Object.keys(record),
      prototype: Object.getPrototypeOf(record) === Object.prototype,
      sharesValues: record.a === fields.a,
    }).toEqual({ copy: true, keys: ['b', 'a', 'c'], prototype: true, sharesValues: true });
    expect(record).toStrictEqual({ b: 1, a: [2], c: undefined });
  });
});

describe("a turn's objects", () => {
  it('are plain objects and arrays, equal to literals under toStrictEqual', () => {
    const assembler = new TurnAssembler(0);
    const started = frames.toolCallStarted('lookup', 'c1', { id: 1 });
    const completed = frames.toolCallCompleted('lookup', 'c1', 'ok');
    const message = frames.message('hi');
    for (const [frame, at] of [
      [started, 1],
      [completed, 2],
      [message, 3],
      [frames.responseComplete(), 4],
    ] as const)
      assembler.add(frame, at);
    const turn = assembler.finish(5);
    expect(turn).toStrictEqual({
      index: 0,
      messages: [message],
      text: 'hi',
      toolCalls: [
        {
          status: 'completed',
          callId: 'c1',
          toolName: 'lookup',
          input: { id: 1 },
          result: 'ok',
          succeeded: true,
          started,
          completed,
        },
      ],
      errors: [],
      duplicate: false,
      complete: true,
      spansReconnect: false,
      truncated: false,
      timing: {
        sentAt: undefined,
        firstFrameAt: 1,
        typingAt: undefined,
        firstMessageAt: 3,
        completedAt: 4,
        resentAt: undefined,
        reconnects: 0,
      },
    });
    const plain = [turn, turn.timing, turn.toolCalls[0]].map(
      (value) => Object.getPrototypeOf(value) === Object.prototype,
    );
    const arrays = [turn.messages, turn.toolCalls].map((value) => Array.isArray(value));
    expect({ plain, arrays }).toEqual({ plain: [true, true, true], arrays: [true, true] });
  });
});
