// Builds the dual package: ESM into dist/esm, CommonJS into dist/cjs, each
// folder with its own package.json "type" so Node and TypeScript read its
// .js and .d.ts files in the right module system. The two compilations run
// side by side.
//
// `--if-changed` (what `npm start` uses) skips the build when its inputs
// are the ones dist/ was built from. Progress goes to stderr, so that
// `npm start --silent -- --json` keeps stdout for NDJSON.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const STAMP = 'dist/.inputs-hash';
const inputsHash = () => {
  const files = [
    ...readdirSync('src', { recursive: true })
      .map((file) => join('src', String(file)))
      .filter((file) => file.endsWith('.ts')),
    'tsconfig.json',
    'tsconfig.build.json',
    'package.json',
    'package-lock.json',
    'scripts/build.mjs',
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
};
const hash = inputsHash();
const upToDate = existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;
// `--check`: only say whether a build is due (exit 1) or not (exit 0).
if (process.argv.includes('--check')) process.exit(upToDate ? 0 : 1);
if (process.argv.includes('--if-changed') && upToDate) {
  process.stderr.write('text-stream: dist/ is up to date (nothing in src/ changed)\n');
  process.exit(0);
}
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
const building = 'text-stream: building dist/ (TypeScript, ESM and CommonJS)...';
// On a terminal, one line with a running clock; elsewhere (CI logs) plain lines.
const tty = process.stderr.isTTY === true;
process.stderr.write(tty ? building : `${building}\n`);
const ticker = tty
  ? setInterval(() => process.stderr.write(`\r${building} ${seconds()} s`), 1000)
  : undefined;

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
  clearInterval(ticker);
  if (tty) process.stderr.write('\n');
  console.error(error.message);
  process.exit(1);
}
clearInterval(ticker);
for (const { dir, type } of targets) {
  mkdirSync(dir, { recursive: true });
  // Bundlers read the nearest package.json, so the browser swap must be here
  // too, and so must "sideEffects": without it an app that imports one
  // function bundles the whole library. No module of src/ does anything when
  // loaded but define things (the CLI's bin.js runs, but nothing bundles it).
  const browser = {
    './transport/defaultWebSocket.js': './transport/defaultWebSocket.browser.js',
    './operators/Watchdog.js': './operators/Watchdog.browser.js',
    './transport/refusalError.js': './transport/refusalError.browser.js',
  };
  writeFileSync(
    `${dir}/package.json`,
    JSON.stringify({ type, browser, sideEffects: false }) + '\n',
  );
  chmodSync(`${dir}/cli/bin.js`, 0o755);
}
writeFileSync(STAMP, hash);
const built = `text-stream: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`;
process.stderr.write(tty ? `\r${built}\x1b[K\n` : `${built}\n`);
