import fc from 'fast-check';
import { ConversationScript, parseScript, ScriptError } from '../../src/index';
import { isPlainScript } from '../../src/pipelines/ConversationScript';

// Values near a script: each field right, missing or of a wrong kind.
const anyOf = <T>(right: fc.Arbitrary<T>) =>
  fc.oneof(right, fc.constant(undefined), fc.constantFrom(null, 1, 'x', true, [], {}, '('));
const expectation = fc.record(
  {
    toolCalls: anyOf(fc.array(anyOf(fc.string()), { maxLength: 2 })),
    noToolCalls: anyOf(fc.boolean()),
    text: anyOf(fc.constantFrom('^Done', '(', /x/i, '')),
    textNot: anyOf(fc.constantFrom('sorry', '[')),
    noErrors: anyOf(fc.boolean()),
  },
  { requiredKeys: [] },
);
const turn = fc.oneof(
  fc.string(),
  fc.record({ text: anyOf(fc.string()), expect: anyOf(expectation) }, { requiredKeys: [] }),
  fc.constantFrom(null, 3, []),
);
const nearScript = fc.record(
  {
    id: fc.oneof(fc.string(), fc.integer(), fc.constantFrom(null, '', Number.NaN)),
    turns: anyOf(fc.array(turn, { maxLength: 3 })),
    greets: anyOf(fc.boolean()),
  },
  { requiredKeys: [] },
);

describe('parseScript', () => {
  it('accepts plain and expecting turns, and reads a numeric id as a string', () => {
    const script = {
      id: 7,
      greets: false,
      turns: [
        'Hi',
        { text: 'next Tuesday', expect: { toolCalls: ['check_availability'], text: 'openings' } },
      ],
    };
    expect(parseScript(script)).toEqual({ ...script, id: '7' });
  });

  it('checks by hand exactly as the codec does, for scripts with a string id', () => {
    fc.assert(
      fc.property(nearScript, (value) => {
        const decoded = ConversationScript.decode(value);
        const accepted = decoded._tag === 'Right';
        const plain = accepted && typeof (value as { id: unknown }).id === 'string';
        expect(isPlainScript(value)).toBe(plain);
        if (accepted) expect(parseScript(value)).toEqual(decoded.right);
        else expect(() => parseScript(value)).toThrow(ScriptError);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a RegExp from code as is', () => {
    const pattern = /done/i;
    const script = parseScript({ id: 'a', turns: [{ text: 'x', expect: { text: pattern } }] });
    expect(script.turns[0]).toEqual({ text: 'x', expect: { text: pattern } });
  });

  it.each([
    [null, '', /expected ConversationScript/],
    [{ turns: [] }, 'id', /expected string \| number, got undefined/],
    [{ id: '', turns: [] }, 'id', /got ""/],
    [{ id: 'a' }, 'turns', /got undefined/],
    [{ id: 'a', turns: [{ text: 3 }] }, 'turns.0.text', /expected string, got 3/],
    [
      { id: 'a', turns: ['ok', { text: 'x', expect: { text: '(' } }] },
      'turns.1.expect.text',
      /not a valid regular expression/,
    ],
    [
      { id: 'a', turns: [{ text: 'x', expect: { toolCalls: 'lookup' } }] },
      'turns.0.expect.toolCalls',
      /got "lookup"/,
    ],
    [{ id: 'a', turns: [], greets: 'yes' }, 'greets', /expected boolean/],
  ])('rejects %j at %s', (value, path, problem) => {
    let thrown: unknown;
    try {
      parseScript(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScriptError);
    expect(thrown).toMatchObject({
      name: 'ScriptError',
      path,
      problem: expect.stringMatching(problem),
    });
    expect((thrown as Error).message).toBe(
      `${path ? `${path}: ` : ''}${(thrown as ScriptError).problem}`,
    );
  });
});
