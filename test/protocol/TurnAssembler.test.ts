import { from, toArray } from 'rxjs';
import { pairToolCalls, toTurns, type Diagnostic, type ServerFrame } from '../../src/index';
import { jsonSize } from '../../src/protocol/jsonSize';
import { ToolCallPairer } from '../../src/protocol/ToolCallPairer';
import { TurnAssembler } from '../../src/protocol/TurnAssembler';
import { frames } from '../../src/testing/frames';

function collect<T>(
  input: Iterable<ServerFrame>,
  operator: (s: ReturnType<typeof from<Iterable<ServerFrame>>>) => import('rxjs').Observable<T>,
): T[] {
  let out: T[] = [];
  operator(from(input))
    .pipe(toArray())
    .subscribe({ next: (values) => (out = values) });
  return out;
}

function* runawayTurn(pending: number): Generator<ServerFrame> {
  yield frames.sessionStarted();
  yield frames.typing();
  for (let i = 0; i < pending; i += 1) yield frames.toolCallStarted('t', `c${i}`);
  yield frames.responseComplete();
}

describe('bounded turns', () => {
  it('stops keeping frames past maxFrames, marks the turn and reports it once', () => {
    const turn = new TurnAssembler(3, { maxFrames: 2 });
    const reports = [
      turn.add(frames.message('a'), 0),
      turn.add(frames.message('b'), 0),
      turn.add(frames.message('c'), 0),
      turn.add(frames.error('d'), 0),
      turn.add(frames.responseComplete(), 0),
    ];
    expect(reports.slice(0, 2)).toEqual([undefined, undefined]);
    expect(reports[2]).toMatchObject({
      kind: 'turn-limit',
      frameType: 'message',
      message: 'turn 3 cut: more than maxFrames (2) frames; the turn is marked truncated',
    });
    expect(reports.slice(3)).toEqual([undefined, undefined]);
    expect(turn.finish(0)).toMatchObject({
      text: 'a\n\nb',
      errors: [],
      complete: true,
      truncated: true,
    });
  });

  it('drops a frame that would pass maxBytes', () => {
    const turn = new TurnAssembler(0, { maxBytes: 200 });
    expect(turn.add(frames.message('x'.repeat(100)), 0)).toBeUndefined();
    expect(turn.add(frames.message('y'.repeat(100)), 0)).toMatchObject({ kind: 'turn-limit' });
    expect(turn.add(frames.message('z'), 0)).toBeUndefined();
    expect(turn.finish(0)).toMatchObject({
      messages: [{ text: 'x'.repeat(100) }, { text: 'z' }],
      truncated: true,
    });
  });

  it('keeps a frame that fills maxBytes exactly (the limit is inclusive), and says why it cuts one byte more', () => {
    const message = frames.message('x'.repeat(100));
    const exact = jsonSize(message, Number.POSITIVE_INFINITY);
    const fits = new TurnAssembler(0, { maxBytes: exact });
    expect({ 'a frame of exactly maxBytes': fits.add(message, 0) }).toEqual({
      'a frame of exactly maxBytes': undefined,
    });
    const over = new TurnAssembler(0, { maxBytes: exact - 1 });
    expect(over.add(message, 0)).toMatchObject({
      kind: 'turn-limit',
      message: expect.stringContaining(`more than maxBytes (${exact - 1}) of frames`),
    });
  });

  it('snapshots the turn so far as copies, marked incomplete, that later frames leave alone', () => {
    const turn = new TurnAssembler(0);
    turn.add(frames.message('first'), 0);
    turn.add(frames.toolCallStarted('t', 'a'), 0);
    turn.add(frames.toolCallCompleted('t', 'a', 'ok'), 0);
    turn.add(frames.error('oops'), 0);
    const early = turn.snapshot(0);
    turn.add(frames.message('second'), 0);
    turn.add(frames.toolCallStarted('t', 'b'), 0);
    turn.add(frames.toolCallCompleted('t', 'b', 'ok'), 0);
    turn.add(frames.error('again'), 0);
    expect({
      complete: early.complete,
      messages: early.messages.length,
      toolCalls: early.toolCalls.length,
      errors: early.errors.length,
    }).toEqual({ complete: false, messages: 1, toolCalls: 1, errors: 1 });
  });

  it('marks a snapshot incomplete even when taken after response_complete; finish() does not', () => {
    const turn = new TurnAssembler(0);
    turn.add(frames.message('answer'), 0);
    turn.add(frames.responseComplete(true), 0);
    const snapshot = turn.snapshot(0);
    const finished = turn.finish(0);
    expect({
      snapshot: { complete: snapshot.complete, duplicate: snapshot.duplicate },
      finished: { complete: finished.complete, duplicate: finished.duplicate },
    }).toEqual({
      snapshot: { complete: false, duplicate: false },
      finished: { complete: true, duplicate: true },
    });
  });

  it('flushes the oldest pending call as incomplete past maxPendingToolCalls', () => {
    const turn = new TurnAssembler(0, { maxPendingToolCalls: 2 });
    turn.add(frames.toolCallStarted('t', 'a'), 0);
    turn.add(frames.toolCallStarted('t', 'b'), 0);
    const report = turn.add(frames.toolCallStarted('t', 'c'), 0);
    turn.add(frames.toolCallCompleted('t', 'c', 'ok'), 0);
    expect(report).toMatchObject({ kind: 'turn-limit', frameType: 'tool_call_started' });
    const { toolCalls, truncated } = turn.finish(0);
    expect(truncated).toBe(true);
    expect(toolCalls.map((call) => [call.callId, call.status])).toEqual([
      ['a', 'incomplete'],
      ['c', 'completed'],
      ['b', 'incomplete'],
    ]);
  });

  it('leaves a turn within its limits untruncated', () => {
    const turn = new TurnAssembler(0);
    turn.add(frames.message('hi'), 0);
    expect(turn.finish(0).truncated).toBe(false);
  });

  it('rejects nonsense limits with a TypeError', () => {
    expect(() => new TurnAssembler(0, { maxFrames: 0 })).toThrow(
      new TypeError('limits.maxFrames must be a positive whole number, got 0'),
    );
    expect(() => toTurns({ limits: { maxBytes: Number.NaN } })).toThrow(
      new TypeError('limits.maxBytes must be a positive whole number, got NaN'),
    );
  });

  it('takes 126 000 unfinished tool calls in one turn without throwing or growing past the limit', () => {
    const diagnostics: Diagnostic[] = [];
    const [turn, ...rest] = collect(
      runawayTurn(126_000),
      toTurns({ onDiagnostic: (d) => diagnostics.push(d) }),
    );
    expect(rest).toEqual([]);
    expect(turn?.truncated).toBe(true);
    expect(turn?.complete).toBe(true);
    // maxFrames (10 000) kept: those past 1 000 pending pushed the oldest out early.
    expect(turn?.toolCalls).toHaveLength(10_000);
    expect(turn?.toolCalls.every((call) => call.status === 'incomplete')).toBe(true);
    expect(diagnostics.map((d) => d.kind)).toEqual(['turn-limit']);

    const pairReports: Diagnostic[] = [];
    const calls = collect(
      runawayTurn(126_000),
      pairToolCalls({ onDiagnostic: (d) => pairReports.push(d) }),
    );
    expect(calls).toHaveLength(126_000);
    expect(pairReports).toHaveLength(1);
  });

  it('reports a cut once per turn, in each turn it happens', () => {
    const reports: Diagnostic[] = [];
    const input = [
      frames.message('a'),
      frames.message('b'),
      frames.responseComplete(),
      frames.message('c'),
      frames.message('d'),
      frames.message('e'),
      frames.responseComplete(),
    ];
    const turns = collect(
      input,
      toTurns({ limits: { maxFrames: 1 }, onDiagnostic: (d) => reports.push(d) }),
    );
    expect(turns.map((turn) => [turn.text, turn.truncated])).toEqual([
      ['a', true],
      ['c', true],
    ]);
    expect(reports.map((d) => d.message)).toEqual([
      'turn 0 cut: more than maxFrames (1) frames; the turn is marked truncated',
      'turn 1 cut: more than maxFrames (1) frames; the turn is marked truncated',
    ]);
  });
});

describe('ToolCallPairer', () => {
  it('reports an overflow until the next flush, and none after it', () => {
    const pairer = new ToolCallPairer(1);
    pairer.start(frames.toolCallStarted('t', 'a'));
    pairer.start(frames.toolCallStarted('t', 'b'));
    const during = pairer.overflow !== undefined;
    pairer.flush();
    expect({
      'while the turn runs': during,
      'after the flush': pairer.overflow !== undefined,
    }).toEqual({
      'while the turn runs': true,
      'after the flush': false,
    });
  });
});

// A Turn, its timing, its arrays and its tool calls are built without object
// or array literals (copyWithoutAllocationSite.ts): they must still be what
// literals would be, for every path that makes them.
describe("a turn's objects", () => {
  const isPlain = (value: unknown): boolean =>
    Object.getPrototypeOf(value) === Object.prototype && Object.isExtensible(value);

  it('are plain objects and arrays, equal to literals under toStrictEqual, finished or snapshotted', () => {
    const assembler = new TurnAssembler(0);
    const started = frames.toolCallStarted('lookup', 'c1', { id: 1 });
    const completed = frames.toolCallCompleted('lookup', 'c1', 'ok');
    const message = frames.message('hi');
    const steps = [
      [started, 1],
      [completed, 2],
      [message, 3],
      [frames.responseComplete(), 4],
    ] as const;
    for (const [frame, at] of steps) assembler.add(frame, at);
    const call = {
      status: 'completed',
      callId: 'c1',
      toolName: 'lookup',
      input: { id: 1 },
      result: 'ok',
      succeeded: true,
      started,
      completed,
    };
    const expected = (complete: boolean, completedAt: number) => ({
      index: 0,
      messages: [message],
      text: 'hi',
      toolCalls: [call],
      errors: [],
      duplicate: false,
      complete,
      spansReconnect: false,
      truncated: false,
      timing: {
        sentAt: undefined,
        firstFrameAt: 1,
        typingAt: undefined,
        firstMessageAt: 3,
        completedAt,
        resentAt: undefined,
        reconnects: 0,
      },
    });
    const snapshot = assembler.snapshot(5);
    const turn = assembler.finish(6);
    expect({ snapshot, turn }).toStrictEqual({
      snapshot: expected(false, 5),
      turn: expected(true, 4),
    });
    const objects = [snapshot, turn].flatMap((each) => [each, each.timing, ...each.toolCalls]);
    const arrays = [snapshot, turn].flatMap((each) => [each.messages, each.toolCalls, each.errors]);
    expect({
      objects: objects.map(isPlain),
      arrays: arrays.map((array) => Array.isArray(array) && Object.isExtensible(array)),
    }).toEqual({ objects: objects.map(() => true), arrays: arrays.map(() => true) });
  });

  it('gives a paired call with a parent its parentCallId last, in a plain object', () => {
    const pairer = new ToolCallPairer();
    pairer.start(frames.toolCallStarted('inner', 'c2', null, { parent_call_id: 'c1' }));
    const call = pairer.complete(frames.toolCallCompleted('inner', 'c2', 'done'));
    expect({ keys: Object.keys(call), plain: isPlain(call) }).toEqual({
      keys: [
        'status',
        'callId',
        'toolName',
        'input',
        'result',
        'succeeded',
        'started',
        'completed',
        'parentCallId',
      ],
      plain: true,
    });
  });
});
