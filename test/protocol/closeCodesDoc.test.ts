import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCodeTable, closeDisposition } from '../../src/index';

// docs/reconnect.md shows closeCodeTable; this keeps the two from drifting.
const rows = readFileSync(join(__dirname, '../../docs/reconnect.md'), 'utf8')
  .split('\n')
  .map((line) => /^\| (\d{4}) +\| (.+?) +\| (.+?) +\|$/.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map(([, code, meaning, what]) => ({ code: Number(code), meaning, what: what ?? '' }));

const documented = (what: string, resuming: boolean): string => {
  if (what.startsWith('terminal on a first connect')) return resuming ? 'retry' : 'terminal';
  if (what.startsWith('terminal')) return 'terminal';
  if (what.startsWith('after `session_ended`')) return 'normal';
  if (what.includes('rateLimitFloorMs')) return 'rate-limited';
  return 'retry';
};

describe('docs/reconnect.md', () => {
  it('lists every code of closeCodeTable once, with its meaning', () => {
    expect(rows.map((row) => row.code).sort()).toEqual([...closeCodeTable.keys()].sort());
    for (const { code, meaning } of rows) expect(meaning).toBe(closeCodeTable.get(code)?.meaning);
  });

  it.each(rows.map((row) => [row.code, row.what] as const))(
    'says what closeDisposition does for %i',
    (code, what) => {
      for (const resuming of [false, true]) {
        expect(closeDisposition(code, { resuming })).toBe(documented(what, resuming));
      }
    },
  );
});
