// Builds the dual package: ESM into dist/esm, CommonJS into dist/cjs, each
// folder with its own package.json "type" so Node and TypeScript read its
// .js and .d.ts files in the right module system.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const targets = [
  {
    dir: 'dist/esm',
    type: 'module',
    args: ['--module', 'ES2022', '--moduleResolution', 'Bundler'],
  },
  {
    dir: 'dist/cjs',
    type: 'commonjs',
    args: ['--module', 'CommonJS', '--moduleResolution', 'Node10'],
  },
];

rmSync('dist', { recursive: true, force: true });
for (const { dir, type, args } of targets) {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', dir, ...args], {
    stdio: 'inherit',
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type }) + '\n');
}
for (const bin of ['dist/cjs/cli/main.js', 'dist/esm/cli/main.js']) {
  if (existsSync(bin)) chmodSync(bin, 0o755);
}
