import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from '../../src/cli/version';

describe('packageVersion', () => {
  it("walks up to this package's package.json, past any other package's", () => {
    const top = mkdtempSync(join(tmpdir(), 'text-stream-'));
    const nested = join(top, 'node_modules', 'other', 'dist');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(top, 'package.json'), '{"name":"rxjs-text-stream","version":"9.8.7"}');
    writeFileSync(
      join(top, 'node_modules', 'other', 'package.json'),
      '{"name":"other","version":"1.0.0"}',
    );
    writeFileSync(join(nested, 'package.json'), '{"type":"commonjs"}');
    expect(packageVersion(nested)).toBe('9.8.7');
  });

  it('says unknown when no package.json up to the root is its own', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'text-stream-'));
    writeFileSync(join(lonely, 'package.json'), '{"name":"other","version":"1.0.0"}');
    expect(packageVersion(lonely)).toBe('unknown');
  });
});
