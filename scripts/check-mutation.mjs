// npm run check:mutation: are the committed mutation records (test/mutation/
// <folder>.json, written by `npm run mutate`) current with src/? Each record
// holds the source of every file it mutated; a record is stale when one of
// those files changed or is gone. Lists every stale record with its files and
// exits 1; `npm run mutate -- <folder>` brings one up to date. A file with
// code (not types alone) in a record's folder that the record does not hold
// is named too, without failing: Stryker leaves out a file where it found
// nothing to mutate, so only a run can tell a new file from such a one.
//
// Test files are not compared: a record's scores are re-measured by the next
// `npm run mutate`, which re-runs the mutants whose covering tests changed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import stryker from '../stryker.config.mjs';

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
for (const name of readdirSync(RECORDS)
  .filter((file) => file.endsWith('.json'))
  .sort()) {
  const record = JSON.parse(readFileSync(join(RECORDS, name), 'utf8'));
  // The record's folder: its name without `-unit`, `-` for `/` (session-machine).
  const folder = `src/${name
    .replace(/\.json$/, '')
    .replace(/-unit$/, '')
    .replace(/-/g, '/')}`;
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
}

if (unrecorded.length > 0)
  console.log(`not in any record (new, or nothing to mutate): ${unrecorded.join(', ')}\n`);
if (stale.length === 0) {
  console.log('check:mutation: every record in test/mutation/ is current with src/');
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
