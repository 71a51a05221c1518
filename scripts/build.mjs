// Builds the dual package: ESM into dist/esm, CommonJS into dist/cjs, each
// folder with its own package.json "type" so Node and TypeScript read its
// .js and .d.ts files in the right module system. The two compilations run
// side by side.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

const compile = ({ dir, args }) =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [tsc, '-p', 'tsconfig.build.json', '--outDir', dir, ...args],
      { stdio: 'inherit' },
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`tsc for ${dir} exited with ${code}`)),
    );
  });

rmSync('dist', { recursive: true, force: true });
try {
  await Promise.all(targets.map(compile));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
for (const { dir, type } of targets) {
  mkdirSync(dir, { recursive: true });
  // Bundlers read the nearest package.json, so the browser swap must be here too.
  const browser = { './transport/defaultWebSocket.js': './transport/defaultWebSocket.browser.js' };
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type, browser }) + '\n');
  chmodSync(`${dir}/cli/bin.js`, 0o755);
}
