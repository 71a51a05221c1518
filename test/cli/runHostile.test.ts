import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frames } from '../../src/testing/frames';
import { rawServer } from '../support/rawServer';
import { events, startCli } from './inProcess';

// `text-stream run` (in this process) fed the files and signals users
// really produce: Windows line endings and BOMs, odd ids, Ctrl-C mid-run.

/** A server that starts each session and answers every message at once. */
async function answeringServer() {
  return rawServer(({ socket }) => {
    const send = (frame: object) => socket.send(JSON.stringify(frame));
    send(frames.sessionStarted());
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type?: string; text?: string };
      if (frame.type === 'stop') {
        send(frames.sessionEnded('stopped'));
        socket.close(1000);
        return;
      }
      send(frames.message(`echo: ${frame.text ?? ''}`));
      send(frames.responseComplete());
    });
  });
}

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'text-stream-hostile-')), 'scripts.ndjson');
  writeFileSync(path, content);
  return path;
}

// A BOM, CRLF endings, blank and whitespace-only lines, and no newline at the end.
const windowsFile =
  '\uFEFF{"id":"a","turns":["hi"]}\r\n\r\n{"id":"b","turns":["hi","again"]}\r\n  \t\r\n{"id":"c","turns":["bye"]}';

describe('text-stream run with unusual input', () => {
  it.each([
    ['a file', (path: string) => ['run', path]],
    ['stdin', () => ['run', '-']],
  ])(
    'reads %s saved on Windows (BOM, CRLF, blank lines, no final newline)',
    async (_label, args) => {
      const server = await answeringServer();
      const cli = startCli([
        ...args(file(windowsFile)),
        '--url',
        server.url,
        '--json',
        '--greeting-timeout',
        '0',
      ]);
      cli.endInput(windowsFile);
      const { code, stdout, stderr } = await cli.exited;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const all = events(stdout);
      const ids = all.filter((event) => event.type === 'conversation').map((event) => event.id);
      expect(ids.sort()).toEqual(['a', 'b', 'c']);
      expect(all.find((event) => event.id === 'b' && event.index === 1)).toMatchObject({
        sent: 'again',
        text: 'echo: again',
      });
      expect(all.at(-1)).toMatchObject({ type: 'summary', conversations: 3, ok: 3, turns: 4 });
    },
  );

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n  \r\n\t\n'],
  ])('fails on %s: no conversations were run, the summary still printed', async (_label, text) => {
    const server = await answeringServer();
    const cli = startCli(['run', file(text), '--url', server.url, '--json']);
    const { code, stdout, stderr } = await cli.exited;
    expect(code).toBe(1);
    expect(events(stdout)).toEqual([
      expect.objectContaining({ type: 'summary', conversations: 0, failed: 0 }),
    ]);
    expect(stderr).toBe('text-stream: no conversations were run\n');
  });

  it('reads a named pipe (`run <(generate)`) once: every script runs, none lost to a second reader', async () => {
    const server = await answeringServer();
    const fifo = join(mkdtempSync(join(tmpdir(), 'text-stream-fifo-')), 'scripts');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Long lines: more than a pipe buffer (64 KiB) many times over, in few conversations.
    const count = 400;
    const padding = 'x'.repeat(2500);
    const cli = startCli([
      'run',
      fifo,
      '--url',
      server.url,
      '--json',
      '--greeting-timeout',
      '0',
      '--concurrency',
      '50',
    ]);
    const writer = createWriteStream(fifo);
    for (let i = 0; i < count; i += 1) writer.write(`{"id":"c${i}","turns":["hi ${padding}"]}\n`);
    writer.end();
    const { code, stdout, stderr } = await cli.exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(events(stdout).at(-1)).toMatchObject({
      type: 'summary',
      conversations: count,
      ok: count,
    });
  });

  it.each([
    [['run', '/nonexistent/scripts.ndjson', '--url', 'ws://127.0.0.1:1/x']],
    [['enqueue', '/nonexistent/scripts.ndjson', '--redis', 'redis://127.0.0.1:1', '--queue', 'q']],
  ])(
    '%j: a file that cannot be read is a usage error (exit 2), before connecting',
    async (args) => {
      const cli = startCli(args);
      cli.endInput();
      const { code, stdout, stderr } = await cli.exited;
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr.split('\n')[0]).toBe(
        'text-stream: cannot read /nonexistent/scripts.ndjson: ENOENT',
      );
    },
  );

  it('runs ids that are digits, hold colons or are not ASCII, and a duplicated id once per line', async () => {
    const server = await answeringServer();
    const lines = [
      { id: 12, turns: ['hi'] },
      { id: 'a:b:c', turns: ['hi'] },
      { id: 'réservation-日本-🙂', turns: ['héllo 🙂'] },
      { id: 'twice', turns: ['hi'] },
      { id: 'twice', turns: ['hi', 'again'] },
      { id: 'empty', turns: [] },
    ];
    const cli = startCli(['run', '-', '--url', server.url, '--json', '--greeting-timeout', '0']);
    cli.endInput(lines.map((line) => JSON.stringify(line)).join('\n'));
    const { code, stdout } = await cli.exited;
    expect(code).toBe(0);
    const conversations = events(stdout).filter((event) => event.type === 'conversation');
    // The runner keeps no set of ids (its memory must not grow with the
    // input): a duplicated id runs, and is reported, once per line.
    expect(conversations.map((event) => [event.id, event.turns])).toEqual(
      expect.arrayContaining([
        ['12', 1],
        ['a:b:c', 1],
        ['réservation-日本-🙂', 1],
        ['twice', 1],
        ['twice', 2],
        ['empty', 0],
      ]),
    );
    expect(conversations).toHaveLength(6);
    expect(
      events(stdout).find((event) => event.id === 'réservation-日本-🙂' && event.type === 'turn'),
    ).toMatchObject({ text: 'echo: héllo 🙂' });
  });

  it('on Ctrl-C closes every socket the server sees, prints the partial summary, exits 130', async () => {
    const closes: number[] = [];
    let allClosed = (): void => undefined;
    const closed = new Promise<void>((resolve) => (allClosed = resolve));
    let written = 0;
    let onWritten = (): void => undefined;
    // Starts each session, then answers nothing: every conversation stays open.
    const server = await rawServer(({ socket }) => {
      socket.on('close', (code) => {
        if (closes.push(code) === 8) allClosed();
      });
      socket.send(JSON.stringify(frames.sessionStarted()));
      socket.on('message', () => {
        written += 1;
        onWritten();
      });
    });
    const scripts = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ id: `c${i}`, turns: ['hi'] }),
    );
    const cli = startCli([
      'run',
      file(scripts.join('\n')),
      '--url',
      server.url,
      '--json',
      '--concurrency',
      '8',
      '--greeting-timeout',
      '0',
    ]);
    await new Promise<void>((resolve) => {
      onWritten = () => {
        if (written === 8) resolve();
      };
    });
    expect(server.connections).toHaveLength(8);
    cli.interrupt();
    const { code, stdout } = await cli.exited;
    expect(code).toBe(130);
    expect(events(stdout).at(-1)).toMatchObject({
      type: 'summary',
      interrupted: true,
      conversations: 0,
    });
    // Every socket closed by the client, none left for the server to time out.
    await closed;
    expect(closes).toEqual(Array(8).fill(1000));
    expect(server.connections).toHaveLength(8);
  });

  it('on Ctrl-C a cut conversation has its turn events and no conversation event', async () => {
    // Answers the first message only: the second turn stays open.
    const server = await rawServer(({ socket }) => {
      socket.send(JSON.stringify(frames.sessionStarted()));
      socket.once('message', () => {
        socket.send(JSON.stringify(frames.message('first answer')));
        socket.send(JSON.stringify(frames.responseComplete()));
      });
    });
    const script = JSON.stringify({ id: 'cut', turns: ['one', 'two'] });
    const cli = startCli([
      'run',
      file(script),
      '--url',
      server.url,
      '--json',
      '--greeting-timeout',
      '0',
    ]);
    await cli.waitFor(/"type":"turn"/);
    cli.interrupt();
    const { code, stdout } = await cli.exited;
    expect(code).toBe(130);
    expect(events(stdout).map((event) => [event.type, event.id, event.index])).toEqual([
      ['turn', 'cut', 0],
      ['summary', undefined, undefined],
    ]);
    expect(events(stdout).at(-1)).toMatchObject({ interrupted: true, conversations: 0 });
  });
});
