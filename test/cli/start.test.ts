import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const build = (flag: string) =>
  spawnSync(process.execPath, ['scripts/build.mjs', flag], { cwd: root, encoding: 'utf8' });

describe('npm start', () => {
  it('skips the build when nothing changed since dist/ was built (npm test builds first)', () => {
    expect(build('--check').status).toBe(0);
    const started = Date.now();
    const { status, stderr } = build('--if-changed');
    expect({ status, stderr }).toEqual({
      status: 0,
      stderr: 'text-stream: dist/ is up to date (nothing in src/ changed)\n',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(existsSync(join(root, 'dist/cjs/cli/bin.js'))).toBe(true);
  });
});
