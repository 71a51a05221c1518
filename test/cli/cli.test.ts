import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { events, runCli, startCli } from './inProcess';

const conversation = 'Hi, I need to reschedule my appointment\nNext Tuesday\n9 AM please\n';
const answers = [
  'I can help with that. What date works for you?',
  'I have openings at 9:00 AM and 2:00 PM next Tuesday. Which works better?',
  'Done - you are rescheduled for Tuesday at 9:00 AM.',
];

describe('text-stream chat against the embedded server', () => {
  it('prints NDJSON events for piped input, tool calls paired, and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['chat', '--json'], conversation);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const all = events(stdout);
    const turns = all.filter((event) => event.event === 'turn');
    expect(turns.map((turn) => turn.text)).toEqual([expect.stringMatching(/^Hello!/), ...answers]);
    expect(turns[2]?.toolCalls).toEqual([
      {
        callId: 'tc_1',
        toolName: 'check_availability',
        status: 'completed',
        input: { date: '2026-07-14' },
        result: '{"slots":["9:00 AM","2:00 PM"]}',
        succeeded: true,
      },
    ]);
    expect(all.map((event) => event.event)).toEqual([
      'state',
      'state',
      'session',
      'turn',
      'sent',
      'turn',
      'sent',
      'toolCall',
      'turn',
      'sent',
      'toolCall',
      'turn',
      'ended',
      'state',
      'exit',
    ]);
    expect(all.at(-3)).toEqual({ event: 'ended', reason: 'completed' });
    expect(all.at(-1)).toEqual({ event: 'exit', code: 0, reason: 'session-ended' });
  });

  it('prints readable lines for piped input', async () => {
    const { code, stdout } = await runCli([], conversation);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      expect.stringMatching(/^agent: Hello!/),
      'you: Hi, I need to reschedule my appointment',
      `agent: ${answers[0]}`,
      'you: Next Tuesday',
      '  tool check_availability {"date":"2026-07-14"} -> {"slots":["9:00 AM","2:00 PM"]} ok',
      `agent: ${answers[1]}`,
      'you: 9 AM please',
      expect.stringMatching(
        /^ {2}tool book_appointment \{"date":"2026-07-14","time":"9:00 AM"\} -> .* ok$/,
      ),
      `agent: ${answers[2]}`,
      'session ended: completed',
      '',
    ]);
  });
});

describe('text-stream serve and chat --url', () => {
  it('hold a conversation, and a recording replays to the same turns', async () => {
    const server = startCli(['serve', '--ping-interval', '0']);
    const [, url] = await server.waitFor(/listening on (ws:\/\/\S+)\n/);
    const dir = mkdtempSync(join(tmpdir(), 'text-stream-'));
    const recording = join(dir, 'session.ndjson');

    const live = await runCli(
      ['chat', '--url', url ?? '', '--tool-events', '--json', '--record', recording],
      conversation,
    );
    expect(live.code).toBe(0);
    const liveTurns = events(live.stdout).filter((event) => event.event === 'turn');
    expect(liveTurns.map((turn) => turn.text)).toEqual([
      expect.stringMatching(/^Hello!/),
      ...answers,
    ]);

    const replayed = await runCli(['replay', recording, '--json', '--instant']);
    expect(replayed.code).toBe(0);
    expect(events(replayed.stdout).filter((event) => event.event === 'turn')).toEqual(liveTurns);
    expect(events(replayed.stdout).at(-1)).toEqual({
      event: 'exit',
      code: 0,
      reason: 'input-ended',
    });

    const lines = readFileSync(recording, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { at: number; frame: { type: string } });
    expect(lines[0]?.frame.type).toBe('session_started');
    expect(lines.every((line, i) => i === 0 || line.at >= (lines[i - 1]?.at ?? 0))).toBe(true);

    server.interrupt();
    expect((await server.exited).code).toBe(0);
  });

  it('keeps the token out of output and recordings, and exits 1 on a terminal close', async () => {
    const token = 'cli-secret-token-789';
    const server = startCli(['serve', '--ping-interval', '0'], {
      env: { TEXT_STREAM_TOKEN: token },
    });
    const [, url] = await server.waitFor(/listening on (ws:\/\/\S+)\n/);
    const recording = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'authed.ndjson');

    const ok = await runCli(['chat', '--url', url ?? '', '--record', recording], 'Hi\n', {
      TEXT_STREAM_TOKEN: token,
    });
    expect(ok.code).toBe(0);
    const wrong = await runCli(['chat', '--url', url ?? '', '--token', 'wrong-token-000'], 'Hi\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('text-stream: socket closed with code 4403 (forbidden)\n');

    for (const text of [
      ok.stdout,
      ok.stderr,
      wrong.stdout,
      wrong.stderr,
      server.stdout,
      server.stderr,
      readFileSync(recording, 'utf8'),
    ]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain('wrong-token-000');
    }
  });
});

describe('text-stream usage and failures', () => {
  it.each([
    [['--bogus'], "text-stream: Unknown option '--bogus'"],
    [['chat', '--param', 'novalue'], 'text-stream: --param wants KEY=VALUE, got novalue'],
    [
      ['chat', '--url', 'ftp://example.test/x'],
      'text-stream: url must use ws:, wss:, http: or https:, not ftp:',
    ],
    [['serve', '--port', 'eighty'], 'text-stream: --port wants a whole number, got eighty'],
    [['serve', '--port', '99999'], 'text-stream: --port wants 0 to 65535, got 99999'],
    [
      ['serve', '--port', '-1'],
      'text-stream: --port wants a value; write --port=VALUE for one starting with -',
    ],
    [['serve', '--port=-1'], 'text-stream: --port wants a whole number, got -1'],
    [
      ['help', 'bogus'],
      'text-stream: no help for bogus; the commands are chat, serve, replay, run, enqueue, worker and results',
    ],
    [['replay'], 'text-stream: replay wants exactly one recording FILE'],
  ])('exits 2 with one line and the usage for %j', async (args, line) => {
    const { code, stderr, stdout } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [first, second] = stderr.split('\n');
    expect(first).toBe(line);
    expect(second).toMatch(/^usage: text-stream/);
  });

  it('exits 1 with one clear line when the server cannot be reached', async () => {
    const { code, stderr, stdout } = await runCli([
      'chat',
      '--url',
      'ws://127.0.0.1:1/agent/text-stream',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'text-stream: cannot connect to ws://127.0.0.1:1/agent/text-stream: connection refused (ECONNREFUSED); is the server running on that port?\n',
    );
  });

  it('exits 1 with the line at fault for a bad recording', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'bad.ndjson');
    writeFileSync(file, '{"at":0,"frame":{"type":"typing"}}\n{"at":"soon"}\n');
    const { code, stderr } = await runCli(['replay', file]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'text-stream: recording line 2: at: expected number, got "soon"; frame: expected UnknownRecord, got undefined\n',
    );
  });

  it('prints the usage for --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: text-stream/);
    expect(stdout).toContain("Run 'text-stream COMMAND --help'");
  });

  it.each([
    [
      ['chat', '--help'],
      /^usage: text-stream \[chat\]/,
      ['--record FILE', '--json', '/stop', '/quit'],
    ],
    [['help', 'chat'], /^usage: text-stream \[chat\]/, ['--conversation-id ID']],
    [['serve', '--help'], /^usage: text-stream serve/, ['--port PORT', 'reject:CODE', '--noise']],
    [['replay', '-h'], /^usage: text-stream replay FILE/, ['--instant']],
  ])('describes each flag of the command for %j', async (args, head, flags) => {
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    expect(stdout).toMatch(head);
    for (const flag of flags)
      expect(stdout).toMatch(new RegExp(`^ +${flag.replace(/[[\]]/g, '\\$&')} +\\S`, 'm'));
  });

  it('prints the version for --version', async () => {
    const { code, stdout, stderr } = await runCli(['--version']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(stdout).toBe(`${version}\n`);
  });
});
