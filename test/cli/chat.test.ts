import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli } from './inProcess';

describe('text-stream chat --record', () => {
  it('stamps each frame with its offset from the start of the chat', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'text-stream-')), 'session.ndjson');
    const before = performance.now();
    const { code } = await runCli(['chat', '--record', file], 'hello\n');
    const took = performance.now() - before;
    expect(code).toBe(0);
    const offsets = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { at: number }).at);
    expect(offsets.length).toBeGreaterThan(3);
    for (const at of offsets) expect(at).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThanOrEqual(took);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('ends with 1 and why when the recording cannot be written (a full disk)', async () => {
    // Input left open: the chat ends only because the recording failed.
    const { code, stderr } = await startCli(['chat', '--record', '/dev/full']).exited;
    expect(code).toBe(1);
    expect(stderr).toContain(
      '\ntext-stream: cannot write the recording /dev/full: the disk is full (ENOSPC)\n',
    );
  });
});
