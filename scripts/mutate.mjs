// npm run mutate [-- <folder or file under src/> [unit]]: StrykerJS over src/,
// one folder at a time. Each folder has its own sandbox, report
// (reports/mutation/<folder>/) and incremental file, which is committed
// (test/mutation/<folder>.json): a run on a fresh clone tests only the
// mutants whose code or covering tests changed since the last recorded run.
// Without arguments it runs every folder in turn and prints a table of
// scores; `unit` leaves out the socket tests (test/integration, test/server),
// much faster, a lower bound on the score, with its own incremental file.
import { Stryker } from '@stryker-mutator/core';
import { FOLDERS, score } from './mutation-folders.mjs';

const [only, scope] = process.argv.slice(2);
if (only && !/^[a-z]+(\/[a-zA-Z.]+)*$/.test(only)) {
  console.error(
    `usage: npm run mutate [-- <${Object.keys(FOLDERS).join('|')}|file under src/> [unit]]`,
  );
  process.exit(2);
}
if (scope === 'unit') process.env.MUTATION_SCOPE = 'unit';

async function mutate(folder) {
  const name = `${folder.replace(/\W/g, '-')}${scope === 'unit' ? '-unit' : ''}`;
  const out = `reports/mutation/${name}`;
  const target = folder.endsWith('.ts') ? `src/${folder}` : `src/${folder}/**/*.ts`;
  const started = Date.now();
  const result = await new Stryker({
    // The exclusions of stryker.config.mjs, which this list replaces.
    mutate: [
      target,
      '!src/**/index.ts',
      '!src/transport/defaultWebSocket.browser.ts',
      '!src/cli/bin.ts',
    ],
    tempDirName: `.stryker-tmp-${name}`,
    incrementalFile: `test/mutation/${name}.json`,
    htmlReporter: { fileName: `${out}/index.html` },
    jsonReporter: { fileName: `${out}/mutation.json` },
  }).runMutationTest();
  const { detected, valid, percent } = score(result.map((mutant) => mutant.status));
  return {
    folder,
    detected,
    valid,
    score: percent,
    minutes: (Date.now() - started) / 60_000,
    report: `${out}/index.html`,
  };
}

const rows = [];
for (const folder of only ? [only] : Object.keys(FOLDERS)) rows.push(await mutate(folder));
console.log('\nfolder      score    detected/valid  needs  minutes  report');
for (const row of rows) {
  const needs = FOLDERS[row.folder];
  const verdict = needs === undefined ? '' : row.score >= needs ? ' ok' : ' BELOW';
  console.log(
    `${row.folder.padEnd(11)} ${row.score.toFixed(1).padStart(5)}%  ${`${row.detected}/${row.valid}`.padStart(14)}  ${String(needs ?? '-').padStart(4)}%${verdict.padEnd(6)} ${row.minutes.toFixed(1).padStart(6)}  ${row.report}`,
  );
}
if (rows.some((row) => FOLDERS[row.folder] !== undefined && row.score < FOLDERS[row.folder]))
  process.exitCode = 1;
