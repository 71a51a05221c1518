import { startCli, type InProcessCli } from '../inProcess';
import { scriptedServers, type ScriptedServer, type Step } from '../scriptedServer';

const scripted = scriptedServers();

/** The chat on a terminal with cursor control, connected to `server`. */
async function chatOnTerminal(server: ScriptedServer): Promise<InProcessCli> {
  const cli = startCli(['chat', '--url', server.url, '--greeting-timeout', '0'], {
    stdinTTY: true,
    stdoutTTY: true,
    env: { TERM: 'xterm-256color' },
  });
  await cli.waitFor(/\(connected: conversation conv_1\)/);
  return cli;
}

const answer = (text: string, gate?: string): Step[] => [
  { type: 'typing' },
  ...(gate === undefined ? [] : [{ gate }]),
  { type: 'message', role: 'agent', text },
  { type: 'response_complete' },
];
const UP = '\x1b[A';

describe('the chat prompt', () => {
  it('asks the server to end the session on /stop, says so, and leaves no prompt behind', async () => {
    const server = await scripted([{ type: 'session_ended', reason: 'stopped' }]);
    const cli = await chatOnTerminal(server);
    cli.write('/stop\r');
    const { code } = await cli.exited;
    expect(code).toBe(0);
    expect(server.received).toEqual(['']);
    expect(cli.rows()).toContain('(asking the server to end the session)');
    expect(cli.rows().filter((row) => row.startsWith('you>'))).toEqual(['you> /stop']);
  });

  it('keeps one copy of a repeated line in its history', async () => {
    const server = await scripted(answer('A.'), answer('B.'), answer('A again.'));
    const cli = await chatOnTerminal(server);
    for (const line of ['a', 'b', 'a']) cli.write(`${line}\r`);
    await cli.waitFor(/agent: A again\./);
    // Readline's history, newest first: a, b (and, were duplicates kept, a
    // again). Up past the oldest entry gives an empty line.
    cli.write(`${UP.repeat(3)}X`);
    await cli.until(() => cli.rows().at(-1)?.endsWith('X') === true, 'the third line back');
    expect(cli.rows().at(-1)).toBe('you> X');
    cli.write('\x15/quit\r');
    expect((await cli.exited).code).toBe(0);
  });

  it('names an unknown command by its first word, and sends no blank line', async () => {
    const server = await scripted();
    const cli = await chatOnTerminal(server);
    cli.write('/bogus with words\r');
    await cli.waitFor(/\(\/bogus is not a command; \/help lists them\)/);
    cli.write('   \r/quit\r');
    expect((await cli.exited).code).toBe(0);
    // A blank line is no message, and /quit waits for no answer.
    expect(server.received).toEqual([]);
    expect(cli.stdout).not.toContain('waiting for');
  });

  it('clears the whole line on Ctrl-C, wherever the cursor is in it', async () => {
    const server = await scripted();
    const cli = await chatOnTerminal(server);
    cli.write(`half a thought${'\x1b[D'.repeat(5)}`);
    await cli.until(() => cli.rows().at(-1) === 'you> half a thought', 'the typed text');
    cli.write('\x03');
    await cli.until(() => cli.rows().at(-1) === 'you>', 'the cleared line');
    cli.write('/quit\r');
    expect((await cli.exited).code).toBe(0);
    expect(server.received).toEqual([]);
  });

  it('sends lines trimmed, and counts the answers it still waits for after Ctrl-D, in the plural', async () => {
    const server = await scripted(answer('Zero.'), answer('One.', 'one'), answer('Two.'));
    const cli = await chatOnTerminal(server);
    cli.write('zeroth\r');
    await cli.waitFor(/agent: Zero\./);
    cli.write('  first  \r');
    cli.write('second\r');
    await cli.until(() => cli.rows().includes('agent is typing...'), 'the indicator');
    cli.write('\x04');
    await cli.waitFor(/\(waiting for 2 answers; Ctrl-C leaves now\)/);
    server.open('one');
    expect((await cli.exited).code).toBe(0);
    expect(cli.rows()).toContain('agent: Two.');
    // Sent trimmed.
    expect(server.received).toEqual(['zeroth', 'first', 'second']);
  });

  it('says nothing of a message the session closed on: the end of the session says it', async () => {
    const server = await scripted([
      { type: 'typing' },
      { type: 'session_ended', reason: 'completed' },
    ]);
    const cli = await chatOnTerminal(server);
    cli.write('bye\r');
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout).not.toContain('before this message was answered');
  });
});
