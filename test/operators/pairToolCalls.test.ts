import { marbles } from 'rxjs-marbles/jest';
import { pairToolCalls, type ToolCall } from '../../src/index';
import { frames } from '../../src/testing/frames';

const s1 = frames.toolCallStarted('check_availability', 'c1', { date: '2026-07-15' });
const c1 = frames.toolCallCompleted('check_availability', 'c1', '{"slots":["9:00 AM"]}');
const s2 = frames.toolCallStarted('lookup_customer', 'c2', 'ann');
const c2 = frames.toolCallCompleted('lookup_customer', 'c2', 'not found', false);

const completed = (started: typeof s1, done: typeof c1): ToolCall => ({
  status: 'completed',
  callId: started.call_id,
  toolName: started.tool_name,
  input: started.input,
  result: done.result,
  succeeded: done.succeeded,
  started,
  completed: done,
});

const orphaned = (done: typeof c1): ToolCall => ({
  status: 'orphaned',
  callId: done.call_id,
  toolName: done.tool_name,
  input: null,
  result: done.result,
  succeeded: done.succeeded,
  completed: done,
});

const incomplete = (started: typeof s1): ToolCall => ({
  status: 'incomplete',
  callId: started.call_id,
  toolName: started.tool_name,
  input: started.input,
  result: null,
  succeeded: false,
  started,
});

describe('pairToolCalls', () => {
  it(
    'pairs interleaved calls by call_id, failures included',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-a-b-c-d-r-|', { a: s1, b: s2, c: c2, d: c1, r: frames.responseComplete() });
      const subs = '         ^----------!';
      const expected = '     -----B-A---|';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected, {
        A: completed(s1, c1),
        B: completed(s2, c2),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'reports a completion without a start as orphaned',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-c-|', { c: c1 });
      const subs = '         ^--!';
      const expected = '     -O-|';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected, { O: orphaned(c1) });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'ends starts left pending at the turn end as incomplete, and forgets them',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-a-r-c-|', { a: s1, r: frames.responseComplete(), c: c1 });
      const subs = '         ^------!';
      const expected = '     ---I-O-|';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected, {
        I: incomplete(s1),
        O: orphaned(c1),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'ends pending starts as incomplete when the session ends or the stream completes',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-a-e-b-|', { a: s1, e: frames.sessionEnded(), b: s2 });
      const subs = '         ^------!';
      const expected = '     ---I---(J|)';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected, {
        I: incomplete(s1),
        J: incomplete(s2),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'pairs nested calls and keeps their parent',
    marbles((m) => {
      const outer = frames.toolCallStarted('plan_trip', 'p1', { city: 'Oslo' });
      const inner = frames.toolCallStarted('book_hotel', 'h1', null, { parent_call_id: 'p1' });
      const innerDone = frames.toolCallCompleted('book_hotel', 'h1', 'booked');
      const outerDone = frames.toolCallCompleted('plan_trip', 'p1', 'planned');
      // prettier-ignore
      const source = m.cold('-a-b-c-d-|', { a: outer, b: inner, c: innerDone, d: outerDone });
      const subs = '         ^--------!';
      const expected = '     -----H-P-|';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected, {
        H: { ...completed(inner, innerDone), parentCallId: 'p1' },
        P: completed(outer, outerDone),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'passes errors through without inventing incomplete calls',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-a-#', { a: s1 });
      const subs = '         ^--!';
      const expected = '     ---#';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected);
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'ends the pending call as incomplete when a second start reuses its call_id (never drops it)',
    marbles((m) => {
      const again = frames.toolCallStarted('check_availability', 'c1', { date: '2026-07-16' });
      // prettier-ignore
      const source = m.cold('-a-b-c-|', { a: s1, b: again, c: c1 });
      const subs = '         ^------!';
      const expected = '     ---I-C-|';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected, {
        I: incomplete(s1),
        C: completed(again, c1),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'keeps parent_call_id on an orphaned completion and on an incomplete start',
    marbles((m) => {
      const orphan = { ...c2, parent_call_id: 'p9' };
      const child = frames.toolCallStarted('check_availability', 'c1', null, {
        parent_call_id: 'p1',
      });
      // prettier-ignore
      const source = m.cold('-o-a-r-|', { o: orphan, a: child, r: frames.responseComplete() });
      const subs = '         ^------!';
      const expected = '     -O---I-|';

      m.expect(source.pipe(pairToolCalls())).toBeObservable(expected, {
        O: { ...orphaned(orphan), parentCallId: 'p9' },
        I: { ...incomplete(child), parentCallId: 'p1' },
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'pushes the oldest pending call out past maxPendingToolCalls and reports it once per turn',
    marbles((m) => {
      const s3 = frames.toolCallStarted('lookup_customer', 'c3', 'bob');
      const s4 = frames.toolCallStarted('lookup_customer', 'c4', 'cy');
      const reported: string[] = [];
      // prettier-ignore
      const source = m.cold('-a-b-c-d-r-a-b-c-|', { a: s1, b: s2, c: s3, d: s4, r: frames.responseComplete() });
      const subs = '         ^----------------!';
      const expected = '     -----A-B-(CD)--A-(BC|)';

      m.expect(
        source.pipe(
          pairToolCalls({
            limits: { maxPendingToolCalls: 2 },
            onDiagnostic: (diagnostic) => reported.push(diagnostic.message),
          }),
        ),
      ).toBeObservable(expected, {
        A: incomplete(s1),
        B: incomplete(s2),
        C: incomplete(s3),
        D: incomplete(s4),
      });
      m.expect(source).toHaveSubscriptions(subs);
      m.flush();
      expect(reported).toEqual([
        'more than maxPendingToolCalls (2) awaiting completion; the oldest came out incomplete',
        'more than maxPendingToolCalls (2) awaiting completion; the oldest came out incomplete',
      ]);
    }),
  );

  it('rejects a non-function onDiagnostic before subscribing', () => {
    expect(() => pairToolCalls({ onDiagnostic: 'log' as unknown as () => void })).toThrow(
      new TypeError('pairToolCalls: onDiagnostic must be a function'),
    );
  });

  it(
    'turns a throwing onDiagnostic into a stream error instead of throwing past the stream',
    marbles((m) => {
      const failure = new Error('logger down');
      // prettier-ignore
      const source = m.cold('-a-b-c-|', { a: s1, b: s2, c: frames.responseComplete() });
      const subs = '         ^--!';
      const expected = '     ---(A#)';

      const calls = source.pipe(
        pairToolCalls({
          limits: { maxPendingToolCalls: 1 },
          onDiagnostic: () => {
            throw failure;
          },
        }),
      );
      m.expect(calls).toBeObservable(expected, { A: incomplete(s1) }, failure);
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );
});
