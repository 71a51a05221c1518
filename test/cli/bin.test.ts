import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, events, runCli, startCli, startInTerminal } from './runCli';

// The built bin as a child process, for what only a process shows: exit
// codes through process.exit, signals, a pipe whose reader left, a real
// pseudo-terminal, npx. The CLI's behaviour is tested in this process
// (test/cli/inProcess.ts), where StrykerJS's mutants and coverage reach it.

const conversation = 'Hi, I need to reschedule my appointment\nNext Tuesday\n9 AM please\n';
const answers = [
  'I can help with that. What date works for you?',
  'I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
];

describe('the text-stream bin', () => {
  it('exits with the code main resolves to: 0, 1 or 2, one line on stderr', async () => {
    const help = await runCli(['--help']);
    expect({ code: help.code, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: text-stream/);
    const usage = await runCli(['--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe("text-stream: Unknown option '--bogus'");
    const unreachable = await runCli(['chat', '--url', 'ws://127.0.0.1:1/agent/text-stream']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^text-stream: cannot connect to .*ECONNREFUSED.*\n$/);
  });

  it('serves until SIGTERM, even one sent as soon as it says it listens, then exits 0', async () => {
    const server = startCli(['serve', '--ping-interval', '0']);
    await server.waitFor(/listening on ws:\/\/\S+\n/);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('ends a --json chat on SIGINT with 130 and an exit event', async () => {
    const cli = startCli(['chat', '--json']);
    await cli.waitFor(/"event":"session"/);
    cli.child.kill('SIGINT');
    const { code, stdout } = await cli.exited;
    expect(code).toBe(130);
    expect(events(stdout).at(-1)).toEqual({ event: 'exit', code: 130, reason: 'interrupted' });
  });

  // The in-process tests (failures.test.ts) cover chat, chat --json and replay
  // on a failing stdout; here, a real pipe's EPIPE and the bin's exit.
  it('ends quietly with 141 when the reader of stdout goes away (`| head -1`), no stack trace', async () => {
    const cli = startCli(['chat', '--json']);
    // The reader goes away after the first chunk; only then does input arrive,
    // so every later write meets a closed pipe.
    await new Promise((resolve) => cli.child.stdout?.once('data', resolve));
    cli.child.stdout?.destroy();
    cli.child.stdin?.end(conversation);
    const { code, stderr } = await cli.exited;
    expect(code).toBe(141);
    expect(stderr).not.toMatch(/Error|EPIPE|\n\s+at /);
  });

  it('shows a prompt and a typing indicator on a pseudo-terminal', async () => {
    const cli = startInTerminal(`${process.execPath} ${BIN}`);
    await cli.waitFor(/you> /);
    cli.write('Hi, I need to reschedule my appointment\r');
    await cli.waitFor(/agent is typing\.\.\./);
    await cli.waitFor(/agent: I can help with that\. What date works for you\?/);
    cli.write('/quit\r');
    const { code } = await cli.exited;
    expect(code).toBe(0);
  });
});

describe('docs/cli.md', () => {
  it('its --json example works as written, through npx', async () => {
    const docs = readFileSync(join(__dirname, '../../docs/cli.md'), 'utf8');
    const example = /```sh\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    expect(example).toContain('npx text-stream chat --json');
    // Where the package is installed, npx finds its bin in node_modules/.bin.
    const project = mkdtempSync(join(tmpdir(), 'text-stream-npx-'));
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    symlinkSync(BIN, join(project, 'node_modules/.bin/text-stream'));
    const run = spawnSync('bash', ['-o', 'pipefail', '-c', example], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^Hello!/),
      ...answers.slice(0, 2),
    ]);
  });
});
