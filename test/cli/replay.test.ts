import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './inProcess';

const recording = (...frames: object[]) => {
  const file = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'session.ndjson');
  writeFileSync(file, frames.map((frame) => `${JSON.stringify({ at: 0, frame })}\n`).join(''));
  return file;
};

describe('text-stream replay', () => {
  it('exits 1 with the reason on one line when the file cannot be read', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'missing.ndjson');
    expect(await runCli(['replay', file])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `text-stream: cannot read ${file}: ENOENT\n`,
    });
  });

  it('prints notes in parentheses on stderr, turns on stdout, and no exit event without --json', async () => {
    const file = recording(
      { type: 'session_started', session_id: 'ss_1', conversation_id: 'conv_1' },
      { type: 'typing' },
      { type: 'message', role: 'agent', text: 'Hello!' },
      { type: 'response_complete', duplicate: false },
    );
    const { code, stdout, stderr } = await runCli(['replay', file, '--instant']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '(connected: conversation conv_1)\n' });
    expect(stdout).toContain('Hello!');
    expect(stdout).not.toContain('"event"');
  });
});
