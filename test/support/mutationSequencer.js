// The test sequencer of jest.stryker.config.js. Stryker's Jest runner runs a
// mutant's covering tests by name (`testNamePattern`) but loads every test
// file to find them: most of a mutant's run went into importing files that
// hold none of its tests. The dry run records which file holds which test
// (test/support/mutationSetup.ts); a mutant's run keeps only the files that
// hold a test its pattern names, cheapest first. Without a record (the dry run itself), or
// if the record matches nothing, every file runs, as before.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { resetBail } = require('./mutationEnvironment.js');

/** Where the dry run records its tests: the sandbox Stryker runs in. */
const TEST_FILES = path.join(process.cwd(), '.stryker-test-files.ndjson');

class MutationSequencer extends Sequencer {
  #pattern;

  constructor(options) {
    super(options);
    // Jest makes a sequencer for every run: a new mutant, a clean slate.
    resetBail();
    this.#pattern = options.globalConfig.testNamePattern;
  }

  sort(tests) {
    const cost = this.#pattern ? costPerFile(this.#pattern) : undefined;
    const kept = cost === undefined ? [] : tests.filter((test) => cost.has(test.path));
    if (kept.length === 0) return super.sort(tests);
    // Cheapest first: once one fails the rest are skipped (mutationEnvironment.js),
    // so a mutant a quick test kills never waits for the slow ones.
    return kept.sort((a, b) => cost.get(a.path) - cost.get(b.path));
  }
}

/** The files holding a test that `pattern` names, each with the time its named tests took in the dry run. */
function costPerFile(pattern) {
  if (!existsSync(TEST_FILES)) return undefined;
  // As Jest matches it against a test's full name.
  const names = new RegExp(pattern, 'i');
  const cost = new Map();
  for (const line of readFileSync(TEST_FILES, 'utf8').split('\n')) {
    if (line === '') continue;
    const [name, file, ms] = JSON.parse(line);
    if (names.test(name)) cost.set(file, (cost.get(file) ?? 0) + ms);
  }
  return cost;
}

module.exports = MutationSequencer;
module.exports.TEST_FILES = TEST_FILES;
