import type { Turn } from '../../src/index';
import { unmetExpectations } from '../../src/pipelines/unmetExpectations';
import { frames } from '../../src/testing/frames';

function turn(overrides: Partial<Turn> = {}): Turn {
  return {
    index: 1,
    messages: [],
    text: 'I have openings at 9:00 AM and 2:00 PM next Tuesday.',
    toolCalls: [],
    errors: [],
    duplicate: false,
    complete: true,
    spansReconnect: false,
    truncated: false,
    timing: {
      sentAt: 0,
      firstFrameAt: 1,
      typingAt: 1,
      firstMessageAt: 2,
      completedAt: 3,
      resentAt: undefined,
      reconnects: 0,
    },
    ...overrides,
  };
}

const call = (toolName: string) => ({
  status: 'completed' as const,
  callId: `call_${toolName}`,
  toolName,
  input: null,
  result: 'ok',
  succeeded: true,
  started: frames.toolCallStarted(toolName, `call_${toolName}`),
  completed: frames.toolCallCompleted(toolName, `call_${toolName}`, 'ok'),
});

describe('unmetExpectations', () => {
  it('holds a turn without expectations to no error frame and completion', () => {
    expect(unmetExpectations(turn(), undefined)).toEqual([]);
    expect(
      unmetExpectations(turn({ errors: [frames.error('boom')], complete: false }), undefined),
    ).toEqual(['the turn was cut off before response_complete', 'error frame: boom']);
    expect(
      unmetExpectations(turn({ errors: [frames.error('boom')] }), { noErrors: false }),
    ).toEqual([]);
  });

  it('checks tool calls by name', () => {
    const called = turn({ toolCalls: [call('check_availability'), call('log')] });
    expect(unmetExpectations(called, { toolCalls: ['check_availability'] })).toEqual([]);
    expect(unmetExpectations(called, { toolCalls: ['book_appointment'] })).toEqual([
      'expected a call to book_appointment, got check_availability, log',
    ]);
    expect(unmetExpectations(turn(), { toolCalls: ['x'] })).toEqual([
      'expected a call to x, got none',
    ]);
    expect(unmetExpectations(called, { noToolCalls: true })).toEqual([
      'expected no tool calls, got check_availability, log',
    ]);
  });

  it('matches text by a pattern source or a RegExp, and refuses a forbidden one', () => {
    expect(unmetExpectations(turn(), { text: 'openings at \\d' })).toEqual([]);
    expect(unmetExpectations(turn(), { text: /OPENINGS/i })).toEqual([]);
    expect(unmetExpectations(turn(), { text: '^Done' })).toEqual([
      'text does not match /^Done/: "I have openings at 9:00 AM and 2:00 PM next Tuesday."',
    ]);
    expect(unmetExpectations(turn(), { textNot: 'Tuesday' })).toEqual([
      'text matches /Tuesday/: "I have openings at 9:00 AM and 2:00 PM next Tuesday."',
    ]);
    // A global RegExp's lastIndex does not leak between turns.
    const global = /openings/g;
    expect(unmetExpectations(turn(), { text: global })).toEqual([]);
    expect(unmetExpectations(turn(), { text: global })).toEqual([]);
  });

  it('clips each line: a 50 KB error frame or answer gives a line of about 200 characters', () => {
    const huge = 'x'.repeat(50_000);
    const [errorLine] = unmetExpectations(turn({ errors: [frames.error(huge)] }), undefined);
    expect(errorLine).toBe(`error frame: ${'x'.repeat(200 - 'error frame: '.length)}…(49813 more)`);
    const [textLine] = unmetExpectations(turn({ text: huge }), { text: '^Done' });
    expect(textLine?.startsWith('text does not match /^Done/: "xxx')).toBe(true);
    expect(textLine?.length).toBeLessThan(230);
    expect(textLine).toMatch(/…\(\d+ more\)$/);
  });
});
