import { createInterface, type Interface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { PromptScreen } from '../../../src/cli/terminal/PromptScreen';
import { screen as render } from '../screen';

/**
 * A PromptScreen over a real readline on a fake terminal `columns` wide:
 * `rows()` is what the terminal shows, `written` every byte written, and
 * `type` the user typing (without Enter).
 */
function terminal({ ansi = true, columns = 80 } = {}) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { columns, isTTY: true });
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const rl: Interface = createInterface({ input, output, prompt: 'you> ', terminal: true });
  const screen = new PromptScreen(rl, output, ansi);
  opened.push(rl);
  return {
    screen,
    rl,
    get written() {
      return written;
    },
    // The screen model moves down on LF without a carriage return; a
    // terminal's driver adds it (onlcr), so rows are compared trimmed.
    rows: () => render(written, columns).map((row) => row.trim()),
    type: (text: string) => rl.write(text),
    enter: () => rl.write('\r'),
  };
}
const opened: Interface[] = [];
afterEach(() => {
  for (const rl of opened.splice(0)) rl.close();
});

describe('the prompt screen with cursor control', () => {
  it('shows the status once above the prompt however often the prompt is shown', () => {
    const term = terminal();
    term.screen.status('agent is typing...');
    term.screen.prompt();
    term.screen.prompt();
    expect(term.rows().filter((row) => row !== '')).toEqual(['agent is typing...', 'you>']);
  });

  it('keeps the cursor where it was in the input when it shows the prompt again', () => {
    const term = terminal();
    term.screen.prompt();
    term.type('ac');
    term.rl.write(null, { name: 'left' });
    term.screen.prompt();
    term.type('b');
    expect(term.rl.line).toBe('abc');
  });

  it('leaves the output above a line entered without a status where it was', () => {
    const term = terminal();
    term.screen.print('agent: earlier');
    term.screen.prompt();
    term.type('hello');
    term.enter();
    term.screen.entered('hello');
    term.screen.print('agent: later');
    expect(term.rows().filter((row) => row !== '')).toEqual([
      'agent: earlier',
      'you> hello',
      'agent: later',
    ]);
  });

  it('prints no status line while there is none', () => {
    const term = terminal();
    term.screen.prompt();
    term.screen.print('agent: hi');
    expect(term.rows().filter((row) => row !== '')).toEqual(['agent: hi', 'you>']);
  });

  it('prints above an input that wraps over several rows without overwriting it', () => {
    const term = terminal({ columns: 20 });
    term.screen.prompt();
    term.type('x'.repeat(30));
    term.screen.print('agent: hi');
    expect(term.rows().filter((row) => row !== '')).toEqual([
      'agent: hi',
      `you> ${'x'.repeat(15)}`,
      'x'.repeat(15),
    ]);
  });

  it('on newline drops the status, keeps what was typed and ends the line', () => {
    const term = terminal();
    term.screen.prompt();
    term.screen.status('agent is typing...');
    term.type('half');
    term.screen.newline();
    term.screen.print('shell$');
    expect(term.rows().filter((row) => row !== '')).toEqual(['you> half', 'shell$']);
  });

  it('on dismiss removes the prompt and the status', () => {
    const term = terminal();
    term.screen.print('agent: bye');
    term.screen.prompt();
    term.screen.status('agent is typing...');
    term.type('half');
    term.screen.dismiss();
    term.screen.print('shell$');
    expect(term.rows().filter((row) => row !== '')).toEqual(['agent: bye', 'shell$']);
  });

  it.each(['newline', 'dismiss'] as const)('writes nothing on %s before any prompt', (method) => {
    const term = terminal();
    term.screen.status('agent is typing...');
    term.screen[method]();
    expect(term.written).toBe('');
  });
});

describe('the prompt screen without cursor control (TERM=dumb)', () => {
  it('shows a status once, as a line, however often it is set', () => {
    const term = terminal({ ansi: false });
    term.screen.status('agent is typing...');
    term.screen.status('agent is typing...');
    expect(term.written).toBe('agent is typing...\n');
  });

  it('moves no cursor when a line is entered under a status', () => {
    const term = terminal({ ansi: false });
    term.screen.prompt();
    term.screen.status('agent is typing...');
    term.type('hi');
    const before = term.written;
    term.screen.entered('hi');
    expect(term.written.slice(before.length)).toBe('');
  });

  it.each(['newline', 'dismiss'] as const)(
    'ends the prompt line on %s, and prints nothing above a prompt after it',
    (method) => {
      const term = terminal({ ansi: false });
      term.screen.prompt();
      const before = term.written;
      term.screen[method]();
      term.screen.print('bye');
      term.screen[method]();
      expect(term.written.slice(before.length)).toBe('\nbye\n');
    },
  );
});
