import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marbles } from 'rxjs-marbles/jest';
import type { SchedulerLike } from 'rxjs';
import {
  decodeFrames,
  pingTimeout,
  toTurns,
  type ServerFrame,
  type Turn,
  type TurnTiming,
} from '../../src/index';
import { frames } from '../../src/testing/frames';

const values: Record<string, ServerFrame> = {
  S: frames.sessionStarted(),
  E: frames.sessionEnded(),
  t: frames.typing(),
  m: frames.message('Hello'),
  n: frames.message('How can I help?'),
  e: frames.error('slow backend'),
  s: frames.toolCallStarted('x', 'c1', { q: 1 }),
  c: frames.toolCallCompleted('x', 'c1', 'ok'),
  r: frames.responseComplete(),
  d: frames.responseComplete(true),
};

/** A turn's timing from `toTurns`: no writes (sentAt, resentAt undefined), one stream (no reconnects). */
const timing = (
  firstFrameAt: number,
  typingAt: number | undefined,
  firstMessageAt: number | undefined,
  completedAt: number,
): TurnTiming => ({
  sentAt: undefined,
  firstFrameAt,
  typingAt,
  firstMessageAt,
  completedAt,
  resentAt: undefined,
  reconnects: 0,
});

const turn = (overrides: Partial<Turn> & Pick<Turn, 'index' | 'timing'>): Turn => ({
  messages: [],
  text: '',
  toolCalls: [],
  errors: [],
  duplicate: false,
  spansReconnect: false,
  complete: true,
  truncated: false,
  ...overrides,
});

describe('toTurns', () => {
  it(
    'reduces each window to a turn with messages, calls, errors and completion',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-S-t-m-n-r-t-e-s-c-d-E-|', values);
      const subs = '         ^----------------------!';
      const expected = '     ---------A---------B---|';

      m.expect(source.pipe(toTurns())).toBeObservable(expected, {
        A: turn({
          index: 0,
          messages: [frames.message('Hello'), frames.message('How can I help?')],
          text: 'Hello\n\nHow can I help?',
          timing: timing(3, 3, 5, 9),
        }),
        B: turn({
          index: 1,
          timing: timing(11, 11, undefined, 19),
          errors: [frames.error('slow backend')],
          toolCalls: [
            {
              status: 'completed',
              callId: 'c1',
              toolName: 'x',
              input: { q: 1 },
              result: 'ok',
              succeeded: true,
              started: values.s,
              completed: values.c,
            } as Turn['toolCalls'][number],
          ],
          duplicate: true,
        }),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'emits a turn cut off by the end of the stream as incomplete, with its pending calls',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-s-m-|', values);
      const subs = '         ^------!';
      const expected = '     -------(A|)';

      m.expect(source.pipe(toTurns())).toBeObservable(expected, {
        A: turn({
          index: 0,
          messages: [frames.message('Hello')],
          text: 'Hello',
          complete: false,
          // Cut by the end of the stream: it ends when the stream does.
          timing: timing(1, 1, 5, 7),
          toolCalls: [
            {
              status: 'incomplete',
              callId: 'c1',
              toolName: 'x',
              input: { q: 1 },
              result: null,
              succeeded: false,
              started: values.s,
            } as Turn['toolCalls'][number],
          ],
        }),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'emits a turn cut off by session_ended as incomplete',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-t-E-|', values);
      const subs = '         ^----!';
      const expected = '     ---A-|';

      m.expect(source.pipe(toTurns())).toBeObservable(expected, {
        A: turn({ index: 0, complete: false, timing: timing(1, 1, undefined, 3) }),
      });
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );
  it(
    'reports a turn over its limits to onDiagnostic and keeps going',
    marbles((m) => {
      const reported: string[] = [];
      // prettier-ignore
      const source = m.cold('-m-n-r-|', values);
      const expected = '     -----A-|';

      m.expect(
        source.pipe(
          toTurns({
            limits: { maxFrames: 1 },
            onDiagnostic: (diagnostic) => reported.push(diagnostic.message),
          }),
        ),
      ).toBeObservable(expected, {
        A: turn({
          index: 0,
          messages: [frames.message('Hello')],
          text: 'Hello',
          truncated: true,
          // The dropped message still arrived; the first one is the first.
          timing: timing(1, undefined, 1, 5),
        }),
      });
      m.flush();
      expect({ 'diagnostics of a turn over maxFrames': reported }).toEqual({
        'diagnostics of a turn over maxFrames': [expect.stringContaining('maxFrames (1)')],
      });
    }),
  );

  it(
    'turns a throwing onDiagnostic into a stream error instead of throwing past the stream',
    marbles((m) => {
      const failure = new Error('logger down');
      // prettier-ignore
      const source = m.cold('-m-n-r-|', values);
      const subs = '         ^--!';
      const expected = '     ---#';

      const turns = source.pipe(
        toTurns({
          limits: { maxFrames: 1 },
          onDiagnostic: () => {
            throw failure;
          },
        }),
      );
      m.expect(turns).toBeObservable(expected, undefined, failure);
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );

  it(
    'stamps timing from the scheduler it is given',
    marbles((m) => {
      // A clock 1000 ms ahead of the test's: the values show which clock was read.
      const ahead: SchedulerLike = {
        now: () => m.scheduler.now() + 1000,
        schedule: m.scheduler.schedule.bind(m.scheduler),
      };
      // prettier-ignore
      const source = m.cold('--t--s--m--c--r-|', values);
      const expected = '     --------------A-|';

      m.expect(source.pipe(toTurns({ scheduler: ahead }))).toBeObservable(expected, {
        A: turn({
          index: 0,
          messages: [frames.message('Hello')],
          text: 'Hello',
          toolCalls: [
            {
              status: 'completed',
              callId: 'c1',
              toolName: 'x',
              input: { q: 1 },
              result: 'ok',
              succeeded: true,
              started: values.s,
              completed: values.c,
            } as Turn['toolCalls'][number],
          ],
          timing: timing(1002, 1002, 1008, 1014),
        }),
      });
    }),
  );

  it(
    'times a turn with no typing and a lone duplicate completion from their own frames',
    marbles((m) => {
      // prettier-ignore
      const source = m.cold('-m--r---d-|', values);
      const expected = '     ----A---B-|';

      m.expect(source.pipe(toTurns())).toBeObservable(expected, {
        A: turn({
          index: 0,
          messages: [frames.message('Hello')],
          text: 'Hello',
          timing: timing(1, undefined, 1, 4),
        }),
        B: turn({ index: 1, duplicate: true, timing: timing(8, undefined, undefined, 8) }),
      });
    }),
  );

  it('rejects a non-function onDiagnostic before subscribing', () => {
    expect(() => toTurns({ onDiagnostic: 'log' as unknown as () => void })).toThrow(
      new TypeError('toTurns: onDiagnostic must be a function'),
    );
  });
});

describe("the protocol page's example session", () => {
  const wire = readFileSync(join(__dirname, '../fixtures/example-session.ndjson'), 'utf8')
    .trim()
    .split('\n');
  const letters = 'abcdefghijklm';
  const raw = Object.fromEntries(wire.map((line, i) => [letters[i], line]));

  it(
    'runs through decodeFrames -> pingTimeout -> toTurns as exactly three turns',
    marbles((m) => {
      // One frame per tick, with a pause before each user message; the watchdog never fires.
      // prettier-ignore
      const source = m.cold('a-b-c-d-----e-f-g-h-i-----j-k-l-m-|', raw);
      const subs = '         ^---------------------------------!';
      const expected = '     ------A-------------B---------C---|';

      const started = JSON.parse(wire[5] ?? '');
      const completed = JSON.parse(wire[6] ?? '');
      const message = (text: string) => frames.message(text);
      m.expect(source.pipe(decodeFrames(), pingTimeout(10, m.scheduler), toTurns())).toBeObservable(
        expected,
        {
          A: turn({
            index: 0,
            messages: [message('I can help with that. What date works for you?')],
            text: 'I can help with that. What date works for you?',
            timing: timing(2, 2, 4, 6),
          }),
          B: turn({
            index: 1,
            messages: [
              message('I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?'),
            ],
            text: 'I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
            timing: timing(12, 12, 18, 20),
            toolCalls: [
              {
                status: 'completed',
                callId: 'tc_789',
                toolName: 'check_availability',
                input: { date: '2026-07-15' },
                result: '{"slots": ["9:00 AM", "2:00 PM"]}',
                succeeded: true,
                started,
                completed,
              },
            ],
          }),
          C: turn({
            index: 2,
            messages: [message('Done - you are rescheduled for Tuesday at 9:00 AM.')],
            text: 'Done - you are rescheduled for Tuesday at 9:00 AM.',
            timing: timing(26, 26, 28, 30),
          }),
        },
      );
      m.expect(source).toHaveSubscriptions(subs);
    }),
  );
});
