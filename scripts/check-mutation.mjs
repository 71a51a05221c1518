// npm run check:mutation: are the committed mutation records (test/mutation/
// <folder>.json, written by `npm run mutate`) current with src/, and does each
// reach its folder's score (FOLDERS in scripts/mutation-folders.mjs)? Each
// record holds the source of every file it mutated and each mutant's status;
// a record is stale when one of those files changed or is gone. Prints each
// record's score, lists every stale record with its files, every folder
// below its score or without a record, and then exits 1; `npm run mutate --
// <folder>` brings one up to date. A file with code (not types alone) in a
// record's folder that the record does not hold is named too, without
// failing: Stryker leaves out a file where it found nothing to mutate, so
// only a run can tell a new file from such a one.
//
// Test files are not compared: a record's scores are re-measured by the next
// `npm run mutate`, which re-runs the mutants whose covering tests changed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import stryker from '../stryker.config.mjs';
import { FOLDERS, score } from './mutation-folders.mjs';

const RECORDS = 'test/mutation';

// The files stryker.config.mjs leaves out (index.ts re-exports, the browser
// socket factory, the CLI's process glue), as regular expressions.
const excluded = stryker.mutate
  .filter((pattern) => pattern.startsWith('!'))
  .map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .slice(1)
          .replace(/[.]/g, '\\.')
          .replace(/\*\*\//g, '(?:.*/)?')
          .replace(/\*/g, '[^/]*')}$`,
      ),
  );

/** True when the file compiles to something: a file of types alone has nothing to mutate. */
const hasCode = (source) =>
  ts
    .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext } })
    .outputText.replace(/^export \{\};$/m, '')
    .replace(/\/\/.*$/gm, '')
    .trim() !== '';

const stale = [];
const unrecorded = [];
const below = [];
const scores = [];
for (const name of readdirSync(RECORDS)
  .filter((file) => file.endsWith('.json'))
  .sort()) {
  const record = JSON.parse(readFileSync(join(RECORDS, name), 'utf8'));
  const key = name.replace(/\.json$/, '');
  // The record's folder: its key without `-unit`, `-` for `/` (session-machine).
  const folder = `src/${key.replace(/-unit$/, '').replace(/-/g, '/')}`;
  const problems = [];
  for (const [file, { source }] of Object.entries(record.files)) {
    if (!existsSync(file)) problems.push(`${file}: gone`);
    else if (readFileSync(file, 'utf8') !== source) problems.push(`${file}: changed`);
  }
  if (existsSync(folder)) {
    for (const entry of readdirSync(folder, { recursive: true }).map(String).sort()) {
      const file = join(folder, entry);
      if (!file.endsWith('.ts') || file in record.files) continue;
      if (excluded.some((pattern) => pattern.test(file))) continue;
      if (hasCode(readFileSync(file, 'utf8'))) unrecorded.push(file);
    }
  }
  if (problems.length > 0) stale.push({ name, folder, problems });
  const { detected, valid, percent } = score(
    Object.values(record.files).flatMap((file) => file.mutants.map((mutant) => mutant.status)),
  );
  // A `unit` record leaves out the socket tests: a lower bound, held to nothing.
  const needs = FOLDERS[key];
  scores.push(
    `${key.padEnd(15)} ${percent.toFixed(1).padStart(5)} %  ${`${detected}/${valid}`.padStart(9)}  ${needs === undefined ? '' : `needs ${needs} %`}`,
  );
  if (needs !== undefined && percent < needs)
    below.push(`${name}: ${percent.toFixed(1)} %, needs ${needs} %`);
}
for (const folder of Object.keys(FOLDERS))
  if (!existsSync(join(RECORDS, `${folder}.json`))) below.push(`${folder}.json: no record`);

console.log(`record          score   detected/valid\n${scores.join('\n')}\n`);

if (unrecorded.length > 0)
  console.log(`not in any record (new, or nothing to mutate): ${unrecorded.join(', ')}\n`);
if (below.length > 0) {
  console.log(
    `below its folder's score (FOLDERS in scripts/mutation-folders.mjs):\n  ${below.join('\n  ')}\n`,
  );
  process.exitCode = 1;
}
if (stale.length === 0) {
  console.log(
    `check:mutation: every record in test/mutation/ is current with src/${below.length > 0 ? `; ${below.length} below its score or missing` : ''}`,
  );
} else {
  for (const { name, folder, problems } of stale) {
    console.log(`${RECORDS}/${name} (${folder}): ${problems.length} file(s)`);
    for (const problem of problems) console.log(`  ${problem}`);
  }
  console.log(
    `\ncheck:mutation: ${stale.length} stale record(s); npm run mutate -- <folder> refreshes one (docs/mutation-testing.md)`,
  );
  process.exitCode = 1;
}
