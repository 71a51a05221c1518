import { startCli, type InProcessCli } from './inProcess';
import { scriptedServers, type ScriptedServer, type Step } from './scriptedServer';

const scripted = scriptedServers();

/** The chat on a terminal that understands cursor control (stdin and stdout TTYs, keys as bytes). */
async function chatOnTerminal(server: ScriptedServer, columns = 0): Promise<InProcessCli> {
  const cli = startCli(['chat', '--url', server.url, '--tool-events', '--greeting-timeout', '0'], {
    stdinTTY: true,
    stdoutTTY: true,
    columns,
    env: { TERM: 'xterm-256color' },
  });
  await cli.waitFor(/\(connected: conversation conv_1\)/);
  return cli;
}

const rows = (cli: InProcessCli) => cli.rows();
const lastRow = (cli: InProcessCli) => rows(cli).at(-1);
const answer = (text: string, gate = 'answer'): Step[] => [
  { type: 'typing' },
  { gate },
  { type: 'message', role: 'agent', text },
  { type: 'response_complete' },
];

describe('the chat on a terminal', () => {
  it('keeps what is typed while the agent is typing, on screen and in the message', async () => {
    // A bare response_complete answers nothing (the session takes it as stray): every answer has a turn.
    const server = await scripted(answer('What date works for you?'), answer('Booked.', 'second'), [
      { type: 'typing' },
      { type: 'response_complete' },
    ]);
    const cli = await chatOnTerminal(server);
    cli.write('I need to reschedule\r');
    await cli.until(() => rows(cli).includes('agent is typing...'), 'the indicator');
    cli.write('Next Tue');
    await cli.until(() => lastRow(cli) === 'you> Next Tue', 'the typed text below the indicator');
    expect(rows(cli).at(-2)).toBe('agent is typing...');

    server.open('answer');
    // The answer and the redrawn prompt may reach the terminal in separate
    // writes: wait for the screen to show both before judging it.
    await cli.until(
      () =>
        rows(cli).includes('agent: What date works for you?') && lastRow(cli) === 'you> Next Tue',
      'the answer above the prompt, and the typed text still on it',
    );
    expect(lastRow(cli)).toBe('you> Next Tue');
    expect(rows(cli)).not.toContain('agent is typing...');
    // The cursor stayed at the end of what was typed, so typing goes on from there.
    cli.write('sday\r');
    await server.receivedCount(2);
    expect(server.received).toEqual(['I need to reschedule', 'Next Tuesday']);
    // A line entered while the indicator shows stays in the transcript, below it.
    await cli.until(() => rows(cli).includes('agent is typing...'), 'the indicator again');
    cli.write('and a third\r');
    await cli.until(
      () => rows(cli).slice(-3).join('|') === 'you> and a third|agent is typing...|you>',
      'the entered line above the indicator',
    );
    server.open('second');
    // The answer is printed while the indicator still shows (it is redrawn
    // below the answer), and cleared in a later write: wait for the screen
    // to settle without it before judging it.
    await cli.until(
      () =>
        rows(cli).includes('agent: Booked.') &&
        !rows(cli).includes('agent is typing...') &&
        lastRow(cli) === 'you>',
      'the second answer, with the indicator gone',
    );
    expect(rows(cli).filter((row) => /typing|you>|agent: (Booked|What)/.test(row))).toEqual([
      'you> I need to reschedule',
      'agent: What date works for you?',
      'you> Next Tuesday',
      'you> and a third',
      'agent: Booked.',
      'you>',
    ]);

    cli.write('\x04');
    expect((await cli.exited).code).toBe(0);
    expect(lastRow(cli)).toBe('');
  });

  it('says why a first message waits on a server that does not greet, and drops the line when it goes out', async () => {
    const server = await scripted(answer('Hello.'));
    const cli = startCli(['chat', '--url', server.url, '--greeting-timeout', '300'], {
      stdinTTY: true,
      stdoutTTY: true,
      env: { TERM: 'xterm-256color' },
    });
    await cli.waitFor(/\(connected: conversation conv_1\)/);
    const line =
      "waiting up to 0.3 s for the agent's greeting; --greeting-timeout 0 if it never greets";
    cli.write('Hi\r');
    await cli.until(() => rows(cli).includes(line), 'the greeting wait explained');
    expect(server.received).toEqual([]);
    expect(rows(cli).slice(-3)).toEqual(['you> Hi', line, 'you>']);
    await server.receivedCount(1);
    await cli.until(() => rows(cli).includes('agent is typing...'), 'the indicator in its place');
    expect(rows(cli)).not.toContain(line);
    server.open('answer');
    await cli.waitFor(/agent: Hello\./);
    cli.write('\x04');
    expect((await cli.exited).code).toBe(0);
  });

  it('keeps a line entered under the indicator whole above it when the line wraps', async () => {
    const server = await scripted(answer('First.'), answer('Second.', 'second'));
    const cli = await chatOnTerminal(server, 30);
    cli.write('Hi\r');
    await cli.until(() => rows(cli).includes('agent is typing...'), 'the indicator');
    const long = 'a line long enough to wrap twice on thirty columns';
    cli.write(`${long}\r`);
    // 'you> ' and the line take two rows of 30: both go back above the indicator.
    const wrapped = [`you> ${long.slice(0, 25)}`, long.slice(25)];
    await cli.until(
      () => rows(cli).slice(-4).join('|') === [...wrapped, 'agent is typing...', 'you>'].join('|'),
      'the wrapped line above the indicator',
    );
    // Nothing above was overwritten, and no copy of the line stayed below the indicator.
    expect(rows(cli).slice(-5)).toEqual(['you> Hi', ...wrapped, 'agent is typing...', 'you>']);
  });

  it('waits on Ctrl-D for the answer already asked for, then exits 0 (not right after the typing indicator without printing the answer)', async () => {
    const server = await scripted(answer('Done.'));
    const cli = await chatOnTerminal(server);
    cli.write('Book it\r');
    await cli.until(() => rows(cli).includes('agent is typing...'), 'the indicator');
    cli.write('\x04');
    await cli.waitFor(/waiting for 1 answer; Ctrl-C leaves now/);
    server.open('answer');
    const { code } = await cli.exited;
    expect(code).toBe(0);
    expect(rows(cli)).toContain('agent: Done.');
    expect(cli.stdout).not.toContain('before this message was answered');
    expect(lastRow(cli)).toBe('');
  });

  it('leaves on Ctrl-C while waiting after Ctrl-D, with 130 on a clean line', async () => {
    const server = await scripted(answer('Never sent.'));
    const cli = await chatOnTerminal(server);
    cli.write('Book it\r');
    await cli.until(() => rows(cli).includes('agent is typing...'), 'the indicator');
    cli.write('\x04');
    await cli.waitFor(/waiting for 1 answer; Ctrl-C leaves now/);
    // readline has let go of the terminal: Ctrl-C is now a signal.
    cli.interrupt();
    expect((await cli.exited).code).toBe(130);
    expect(lastRow(cli)).toBe('');
  });

  it('clears the line on Ctrl-C, and on an empty prompt leaves with 130 on a clean line', async () => {
    const server = await scripted();
    const cli = await chatOnTerminal(server);
    cli.write('half a thought');
    await cli.until(() => lastRow(cli) === 'you> half a thought', 'the typed text');
    cli.write('\x03');
    await cli.until(() => lastRow(cli) === 'you>', 'the cleared line');
    cli.write('\x03');
    expect((await cli.exited).code).toBe(130);
    expect(lastRow(cli)).toBe('');
    expect(server.received).toEqual([]);
  });

  it('lists the slash commands at start and on /help, and never sends them', async () => {
    const server = await scripted([{ type: 'typing' }, { type: 'response_complete' }]);
    const cli = await chatOnTerminal(server);
    expect(rows(cli)[0]).toMatch(/\/help.*\/stop.*\/quit/);
    cli.write('/help\r');
    await cli.until(() => rows(cli).some((row) => row.startsWith('  /quit')), 'the command list');
    expect(rows(cli).filter((row) => /^ {2}\/\/?\w+ /.test(row))).toEqual([
      expect.stringMatching(/^ {2}\/help +list/),
      expect.stringMatching(/^ {2}\/stop +ask the server to end the session/),
      expect.stringMatching(/^ {2}\/quit +leave/),
      expect.stringMatching(/^ {2}\/\/text +send "\/text"/),
    ]);
    cli.write('/bogus\r');
    await cli.waitFor(/\/bogus is not a command; \/help lists them/);
    cli.write('//slash\r');
    await server.receivedCount(1);
    expect(server.received).toEqual(['/slash']);
    // History: Up recalls the last line.
    cli.write('\x1b[A');
    await cli.until(() => lastRow(cli) === 'you> //slash', 'the recalled line');
    cli.write('\x15/quit\r');
    expect((await cli.exited).code).toBe(0);
  });
});

describe('the chat on a terminal without cursor control (TERM=dumb)', () => {
  it('shows the indicator once as a line, the answer below it, and the prompt with what was typed again', async () => {
    const server = await scripted(answer('What date works for you?'));
    const cli = startCli(['chat', '--url', server.url, '--greeting-timeout', '0'], {
      stdinTTY: true,
      stdoutTTY: true,
      env: { TERM: 'dumb' },
    });
    await cli.waitFor(/\(connected: conversation conv_1\)\nyou> $/);
    cli.write('I need to reschedule\r');
    await cli.waitFor(/agent is typing\.\.\.\nyou> $/);
    cli.write('Next');
    server.open('answer');
    await cli.waitFor(/agent: What date works for you\?\nyou> Next$/);
    cli.write('\x15\x04');
    expect((await cli.exited).code).toBe(0);
    expect(rows(cli).slice(0, 8)).toEqual([
      expect.stringMatching(/^text-stream chat: .*\/quit$/),
      'you>',
      '(connected: conversation conv_1)',
      'you> I need to reschedule',
      'you>',
      'agent is typing...',
      'you> Next',
      'agent: What date works for you?',
    ]);
  });
});

describe('the chat, line by line', () => {
  it('waits, once piped input ends, for the answer to every line (never exits 0 right after the typing indicator without printing the answer)', async () => {
    const server = await scripted(answer('Booked for Tuesday.'));
    const cli = startCli(['chat', '--url', server.url, '--greeting-timeout', '0']);
    cli.endInput('Book Tuesday\n');
    await server.receivedCount(1);
    server.open('answer');
    const { code, stdout } = await cli.exited;
    expect({ code, stdout }).toEqual({
      code: 0,
      stdout: 'you: Book Tuesday\nagent: Booked for Tuesday.\n',
    });
  });

  it('prints tool calls and agent text as their frames arrive, with long results summarised', async () => {
    const slots = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')}:30`);
    const server = await scripted([
      { type: 'typing' },
      { type: 'tool_call_started', tool_name: 'lookup', call_id: 'tc_1', input: { day: 'Tue' } },
      {
        type: 'tool_call_completed',
        tool_name: 'lookup',
        call_id: 'tc_1',
        result: JSON.stringify({ slots }),
        succeeded: true,
      },
      { gate: 'message' },
      { type: 'message', role: 'agent', text: 'Found 40 slots.' },
      { gate: 'complete' },
      { type: 'response_complete' },
      { type: 'session_ended', reason: 'completed' },
    ]);
    const cli = startCli(['chat', '--url', server.url, '--tool-events', '--greeting-timeout', '0']);
    cli.write('Any slots?\n');
    const [line] = await cli.waitFor(/ {2}tool lookup .*\n/, 3000);
    expect(line).toMatch(
      /^ {2}tool lookup \{"day":"Tue"\} -> \{"slots":\["00:30","01:30",.*,…\+\d+\]\} ok\n$/,
    );
    server.open('message');
    await cli.waitFor(/agent: Found 40 slots\.\n/, 3000);
    expect(cli.stdout).not.toContain('session ended');
    server.open('complete');
    cli.endInput();
    expect((await cli.exited).code).toBe(0);
  });
});
