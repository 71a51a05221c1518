// npm run coverage: the suite's coverage of src/, CLI included.
//
// Jest measures what runs in its workers (coverage/jest), most of the CLI
// included (test/cli/inProcess.ts runs its main there). The child-process
// tests (test/cli/bin.test.ts, test/cli/start.test.ts) run the built
// dist/cjs/cli/bin.js out of Jest's reach: every child inherits
// NODE_V8_COVERAGE and writes V8 coverage there, which c8 maps back to src/cli
// through the build's source maps (coverage/cli). The two are merged into
// coverage/index.html and the table printed at the end: a statement or a
// function counts as covered if either side ran it; branches are Jest's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const libCoverage = require('istanbul-lib-coverage');
const libReport = require('istanbul-lib-report');
const reports = require('istanbul-reports');

const v8Dir = resolve('.tmp/v8-children');
rmSync('coverage', { recursive: true, force: true });
rmSync(v8Dir, { recursive: true, force: true });
mkdirSync(v8Dir, { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
}

run(process.execPath, ['scripts/build.mjs']);
run(
  process.execPath,
  [
    require.resolve('jest/bin/jest'),
    '--coverage',
    '--coverageDirectory=coverage/jest',
    '--coverageReporters=json',
    '--coverageReporters=text-summary',
    '--collectCoverageFrom=src/**/*.ts',
    // Types and re-exports only.
    '--collectCoverageFrom=!src/**/index.ts',
  ],
  { NODE_V8_COVERAGE: v8Dir },
);
run(process.execPath, [
  require.resolve('c8/bin/c8.js'),
  'report',
  `--temp-directory=${v8Dir}`,
  '--reports-dir=coverage/cli',
  '--reporter=json',
  '--reporter=text-summary',
  '--all',
  '--src=dist/cjs/cli',
  '--include=dist/cjs/cli/**',
]);

const readMap = (path) => libCoverage.createCoverageMap(JSON.parse(readFileSync(path, 'utf8')));
const map = readMap('coverage/jest/coverage-final.json');
const children = readMap('coverage/cli/coverage-final.json');
for (const file of children.files()) {
  const seen = children.fileCoverageFor(file);
  if (!map.files().includes(file)) {
    // Only the children run it (bin.ts).
    map.addFileCoverage(seen);
    continue;
  }
  // Both measured it, with different instruments (Istanbul's statements,
  // V8's lines), whose maps cannot simply be added: a statement or function
  // of Jest's map counts as run if the children ran its line.
  const ranInChildren = seen.getLineCoverage();
  const own = map.fileCoverageFor(file).data;
  for (const [id, { start }] of Object.entries(own.statementMap))
    if (own.s[id] === 0 && ranInChildren[start.line] > 0) own.s[id] = ranInChildren[start.line];
  for (const [id, { decl }] of Object.entries(own.fnMap))
    if (own.f[id] === 0 && ranInChildren[decl.start.line] > 0)
      own.f[id] = ranInChildren[decl.start.line];
}
const context = libReport.createContext({
  dir: 'coverage',
  coverageMap: map,
  defaultSummarizer: 'nested',
});
for (const [name, options] of [
  ['html', {}],
  ['json-summary', {}],
  ['text', { skipFull: true }],
  ['text-summary', {}],
]) {
  reports.create(name, options).execute(context);
}
console.log(
  '\nReport: coverage/index.html (src/cli from Jest and from the CLI child processes, the rest from Jest)',
);
