import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { events, runCli, startCli } from './runCli';

// `text-stream run` as a child process (the built bin) against the reference
// server: the embedded one, or `text-stream serve`.

const examples = readFileSync(join(__dirname, '../../examples/scripts.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { id: string; greets?: boolean; turns: unknown[] });

/** `count` scripts cycling through examples/scripts.ndjson, with unique ids. */
function scriptFile(
  count: number,
  change?: (index: number, script: Record<string, unknown>) => void,
) {
  const lines = Array.from({ length: count }, (_, index) => {
    const example = examples[index % examples.length] as Record<string, unknown>;
    const script = { ...example, id: `${example.id as string}-${index}` };
    change?.(index, script);
    return JSON.stringify(script);
  });
  const file = join(mkdtempSync(join(tmpdir(), 'text-stream-run-')), 'scripts.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, scripts: lines.map((line) => JSON.parse(line) as (typeof examples)[number]) };
}

describe('text-stream run', () => {
  it('runs 200 conversations at concurrency 50: every event in order, summary last, exit 0', async () => {
    const { file, scripts } = scriptFile(200);
    const { code, stdout, stderr } = await runCli(['run', file, '--json', '--concurrency', '50']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const all = events(stdout);
    const summary = all.at(-1);
    expect(all.filter((event) => event.type === 'summary')).toHaveLength(1);
    for (const script of scripts) {
      const own = all.filter((event) => event.id === script.id);
      // The greeting (-1), each turn in order, then the conversation: nothing after it.
      expect(own.map((event) => (event.type === 'turn' ? event.index : event.type))).toEqual([
        -1,
        ...script.turns.map((_, index) => index),
        'conversation',
      ]);
      expect(own.every((event) => event.ok === true)).toBe(true);
      expect(own.at(-1)).toMatchObject({ turns: script.turns.length, reconnects: 0 });
    }
    const turns = scripts.reduce((sum, script) => sum + script.turns.length, 0);
    expect(summary).toMatchObject({
      type: 'summary',
      conversations: 200,
      ok: 200,
      failed: 0,
      turns,
      reconnects: 0,
    });
    expect(all).toHaveLength(200 * 2 + turns + 1);
  });

  it('exits 1 when one conversation misses an expectation, and names it', async () => {
    const { file } = scriptFile(20, (index, script) => {
      if (index === 7)
        script.turns = [{ text: 'hello', expect: { toolCalls: ['check_availability'] } }];
    });
    const json = await runCli(['run', file, '--json', '--concurrency', '5']);
    expect(json.code).toBe(1);
    const failed = events(json.stdout).filter(
      (event) => event.type === 'conversation' && !event.ok,
    );
    expect(failed).toEqual([
      expect.objectContaining({
        id: 'reschedule-on-a-date-7',
        error: expect.objectContaining({ reason: 'expectation', retryable: false, turn: 0 }),
      }),
    ]);
    expect(events(json.stdout).at(-1)).toMatchObject({
      ok: 19,
      failed: 1,
      failures: { expectation: 1 },
    });

    const human = await runCli(['run', file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /^FAIL reschedule-on-a-date-7 expectation \(turn 0\): turn 0: expected a call to check_availability, got none\n/,
    );
    expect(human.stdout).toMatch(/^conversations {2}20 \(19 ok, 1 failed\)$/m);
    expect(human.stdout).toMatch(/^failed by {6}expectation 1$/m);
    expect(human.stdout).toMatch(/^latency ms {5}p50 \d+ {2}p95 \d+ {2}p99 \d+ {2}max \d+$/m);
  });

  it.each([
    [['run', '--concurrency', '0'], '', 'text-stream: --concurrency wants at least 1'],
    [['run', 'a', 'b'], '', 'text-stream: run wants one script FILE (or - for stdin)'],
    [
      ['run', '/nonexistent/scripts.ndjson'],
      '',
      'text-stream: cannot read /nonexistent/scripts.ndjson: ENOENT',
    ],
    [
      ['run', '-'],
      '{"id":"a","turns":["hi"]}\n{"id":"b","turns":[{"txt":"x"}]}\n',
      'text-stream: line 2: turns.0.text: expected string, got undefined',
    ],
    [['run'], 'not json\n', /^text-stream: line 1: not JSON/],
  ])('exits 2 for %j', async (args, input, line) => {
    const { code, stderr } = await runCli(args, input);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(
      line instanceof RegExp
        ? line
        : new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    );
  });

  it('takes the token from TEXT_STREAM_TOKEN and reports a refused one as closed 4403', async () => {
    const token = 'run-secret-token-123';
    const server = startCli(['serve', '--ping-interval', '0'], { TEXT_STREAM_TOKEN: token });
    const [, url = ''] = await server.waitFor(/listening on (ws:\/\/\S+)\n/);
    const script = '{"id":"a","greets":true,"turns":["hello"]}\n';
    const ok = await runCli(['run', '--url', url, '--json'], script, { TEXT_STREAM_TOKEN: token });
    expect(ok.code).toBe(0);
    const refused = await runCli(['run', '--url', url, '--json'], script, {
      TEXT_STREAM_TOKEN: 'wrong-token-456',
    });
    expect(refused.code).toBe(1);
    expect(events(refused.stdout)[0]).toMatchObject({
      type: 'conversation',
      ok: false,
      error: { reason: 'closed', code: 4403, retryable: false },
    });
    for (const text of [ok.stdout, ok.stderr, refused.stdout, refused.stderr])
      expect(text).not.toMatch(/run-secret-token-123|wrong-token-456/);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('closes every socket on SIGINT, prints the partial summary and exits 130', async () => {
    const server = startCli(['serve', '--ping-interval', '0', '--frame-delay', '100']);
    const [, url = ''] = await server.waitFor(/listening on (ws:\/\/\S+)\n/);
    const { file } = scriptFile(100);
    const cli = startCli(['run', file, '--url', url, '--json', '--concurrency', '10']);
    await cli.waitFor(/"type":"conversation"/);
    cli.child.kill('SIGINT');
    const { code, stdout } = await cli.exited;
    expect(code).toBe(130);
    const all = events(stdout);
    const finished = all.filter((event) => event.type === 'conversation').length;
    expect(all.at(-1)).toMatchObject({
      type: 'summary',
      interrupted: true,
      conversations: finished,
    });
    expect(finished).toBeLessThan(100);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
