import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer, type RunningReferenceServer } from '../../src/server/ws';
import { events, runCli, startCli } from './inProcess';
import { ScriptedServer, type Step } from './scriptedServer';

const conversation = 'Hi, I need to reschedule my appointment\nNext Tuesday\n9 AM please\n';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function reference(): Promise<RunningReferenceServer> {
  const server = await startReferenceServer({ pingIntervalMs: false });
  closers.push(() => server.close());
  return server;
}

async function scripted(...scripts: Step[][]): Promise<ScriptedServer> {
  const server = await ScriptedServer.start(scripts);
  closers.push(() => server.close());
  return server;
}

async function httpServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port on 127.0.0.1 that nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Nested objects `depth` levels deep, as text (JSON.stringify itself would overflow). */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
const depthOf = (value: unknown) => {
  let depth = 0;
  for (let v = value; typeof v === 'object' && v !== null; v = (v as { a: unknown }).a) depth += 1;
  return depth;
};

describe('a closed stdout (`| head -1`)', () => {
  it.each([[['chat', '--json']], [['chat']], [['replay', '--instant']]])(
    'ends %j quietly with 141, writing nothing more and no error',
    async (args) => {
      let cliArgs: readonly string[] = args;
      if (args[0] === 'replay') {
        const file = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'long.ndjson');
        const made = await runCli(['chat', '--json', '--record', file], conversation);
        expect(made.code).toBe(0);
        cliArgs = ['replay', file, '--instant'];
      }
      const cli = startCli(cliArgs);
      // The reader goes away after the first output; only then does input
      // arrive, so every later write meets a closed pipe.
      await cli.waitFor(/\n/);
      cli.closeOutput();
      cli.endInput(conversation);
      const { code, stderr } = await cli.exited;
      expect(code).toBe(141);
      expect(stderr).not.toMatch(/Error|EPIPE/);
    },
  );
});

describe('--record', () => {
  it.each([
    ['/nonexistent/dir/x.ndjson', 'its folder does not exist (ENOENT)'],
    [tmpdir(), 'it is a folder (EISDIR)'],
  ])('refuses %s before connecting, in one line', async (path, why) => {
    const server = await reference();
    const { code, stdout, stderr } = await runCli(
      ['chat', '--url', server.url, '--record', path],
      'Hi\n',
    );
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `text-stream: cannot write the recording ${path}: ${why}\n`,
    });
    expect(server.connections).toHaveLength(0);
  });
});

describe('a tool input nested 100 000 levels deep', () => {
  const depth = 100_000;
  const script = () => [
    { type: 'typing' },
    {
      raw: `{"type":"tool_call_started","tool_name":"deep","call_id":"tc_1","input":${deepJson(depth)}}`,
    },
    {
      type: 'tool_call_completed',
      tool_name: 'deep',
      call_id: 'tc_1',
      result: 'ok',
      succeeded: true,
    },
    { type: 'message', role: 'agent', text: 'Went deep.' },
    { type: 'response_complete' },
    { type: 'session_ended', reason: 'completed' },
  ];

  it('is written whole by --json and --record, and replays', async () => {
    const server = await scripted(script());
    const file = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'deep.ndjson');
    const live = await runCli(
      [
        'chat',
        '--url',
        server.url,
        '--tool-events',
        '--greeting-timeout',
        '0',
        '--json',
        '--record',
        file,
      ],
      'Hi\n',
    );
    expect({ code: live.code, stderr: live.stderr }).toEqual({ code: 0, stderr: '' });
    const call = events(live.stdout).find((event) => event.event === 'toolCall');
    expect(depthOf(call?.input)).toBe(depth);
    const recorded = readFileSync(file, 'utf8');
    expect(recorded).toContain(deepJson(depth));

    const replayed = await runCli(['replay', file, '--json', '--instant']);
    expect({ code: replayed.code, stderr: replayed.stderr }).toEqual({ code: 0, stderr: '' });
    expect(depthOf(events(replayed.stdout).find((e) => e.event === 'toolCall')?.input)).toBe(depth);
  });

  it('is summarised on a readable line', async () => {
    const server = await scripted(script());
    const { code, stdout, stderr } = await runCli(
      ['chat', '--url', server.url, '--tool-events', '--greeting-timeout', '0'],
      'Hi\n',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '(connected: conversation conv_1)\n' });
    expect(stdout).toContain('  tool deep {"a":{"a":{"a":{…}}}} -> ok ok\n');
  });
});

describe('connecting', () => {
  it('follows the reconnect policy when the first socket is rate-limited (4029)', async () => {
    const server = startCli(['serve', '--ping-interval', '0', '--fault', 'reject:4029']);
    const [, url] = await server.waitFor(/listening on (ws:\/\/\S+)\n/);
    const started = Date.now();
    const { code, stdout, stderr } = await runCli(['chat', '--url', url ?? ''], 'Hi\n');
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^\(connection lost \(socket closed with code 4029: too many connections\); reconnecting in \d+\.\d s, attempt 1 of 10\)\n\(connected: conversation \S+\)\n$/,
    );
    expect(stdout).toMatch(/^agent: Hello!.*\nyou: Hi\nagent: You said "Hi"/);
    // The library's floor after a 4029 is 5 s; the old CLI gave up in 0.2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
  }, 20_000);

  it.each([
    [
      'refused',
      async () => `ws://127.0.0.1:${await closedPort()}/agent/text-stream`,
      'connection refused (ECONNREFUSED); is the server running on that port?',
    ],
    [
      'TLS',
      async () => `wss://${await httpServer((_, res) => res.end())}/agent/text-stream`,
      'TLS handshake failed: wrong version number (EPROTO)',
    ],
    [
      'HTTP 404',
      async () =>
        `ws://${await httpServer((_, res) => res.writeHead(404).end())}/agent/text-stream?token=secret-abc`,
      "the server answered the WebSocket upgrade with HTTP 404; check the URL's path and the token",
    ],
  ])('fails fast when the first socket cannot open (%s), saying why', async (_, makeUrl, why) => {
    const url = await makeUrl();
    const human = await runCli(['chat', '--url', url], 'Hi\n');
    expect(human.code).toBe(1);
    expect(human.stdout).toBe('');
    const [line, ...rest] = human.stderr.split('\n');
    expect(rest).toEqual(['']);
    expect(line).toMatch(/^text-stream: cannot connect to \S+: /);
    expect(line?.replace(/^text-stream: cannot connect to \S+: /, '')).toMatch(why);
    expect(human.stderr).not.toContain('secret-abc');

    const json = await runCli(['chat', '--url', url, '--json'], 'Hi\n');
    expect(json.code).toBe(1);
    expect(events(json.stdout).at(-1)).toEqual({
      event: 'exit',
      code: 1,
      reason: 'error',
      message: line?.replace(/^text-stream: /, ''),
    });
  });

  it('ends every --json run with an exit event: a terminal close code', async () => {
    const server = startCli(['serve', '--ping-interval', '0', '--fault', 'reject:4403']);
    const [, url] = await server.waitFor(/listening on (ws:\/\/\S+)\n/);
    const { code, stdout, stderr } = await runCli(['chat', '--url', url ?? '', '--json'], 'Hi\n');
    expect(code).toBe(1);
    expect(stderr).toBe('text-stream: socket closed with code 4403: forbidden\n');
    expect(events(stdout).at(-1)).toEqual({
      event: 'exit',
      code: 1,
      reason: 'error',
      message: 'socket closed with code 4403: forbidden',
    });
  });

  it('ends every --json run with an exit event: interrupted', async () => {
    const server = await reference();
    const cli = startCli(['chat', '--url', server.url, '--json']);
    await cli.waitFor(/"event":"session"/);
    cli.interrupt();
    const { code, stdout } = await cli.exited;
    expect(code).toBe(130);
    expect(events(stdout).at(-1)).toEqual({ event: 'exit', code: 130, reason: 'interrupted' });
  });
});

describe('chat --url', () => {
  it('connects as its flags say: query parameters, the token in the query, the conversation to resume, no tool events unless asked', async () => {
    const server = await reference();
    const { code, stdout } = await runCli(
      [
        'chat',
        '--url',
        server.url,
        '--json',
        '--param',
        'workspace_id=w1',
        '--auth',
        'query',
        '--token',
        'query-token',
        '--conversation-id',
        'conv_cli',
      ],
      'Next Tuesday\n',
    );
    expect(code).toBe(0);
    expect(server.connections[0]).toMatchObject({
      // The server keeps the token redacted, but it came in the query.
      query: { workspace_id: 'w1', token: '***', conversation_id: 'conv_cli' },
      auth: 'query',
      requestedConversationId: 'conv_cli',
    });
    expect(server.connections[0]?.query).not.toHaveProperty('tool_events');
    expect(events(stdout).filter((event) => event.event === 'toolCall')).toEqual([]);

    const asked = await runCli(['chat', '--url', server.url, '--tool-events'], 'Next Tuesday\n');
    expect(asked.code).toBe(0);
    expect(server.connections[1]?.query).toMatchObject({ tool_events: 'true' });
  });
});

describe('serve', () => {
  it('exits 1 with one line when the port is taken', async () => {
    const taken = await httpServer((_, res) => res.end());
    const { code, stderr } = await runCli(['serve', '--port', taken.split(':')[1] ?? '']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `text-stream: cannot listen on 127.0.0.1:${taken.split(':')[1]}: the port is in use (EADDRINUSE); pick another, or --port 0 for any free one\n`,
    );
  });
});
