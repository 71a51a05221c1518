import { parseScript, ScriptError } from '../../src/index';

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
