// The test sequencer of jest.stryker.config.js. Stryker's Jest runner runs a
// mutant's covering tests by name (`testNamePattern`) but loads every test
// file to find them: most of a mutant's run went into importing files that
// hold none of its tests. The dry run records which file holds which test
// (test/support/mutationSetup.ts); a mutant's run keeps only the files that
// hold a test its pattern names. Without a record (the dry run itself), or
// if the record matches nothing, every file runs, as before.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Where the dry run records its tests: the sandbox Stryker runs in. */
const TEST_FILES = path.join(process.cwd(), '.stryker-test-files.ndjson');

class MutationSequencer extends Sequencer {
  #pattern;

  constructor(options) {
    super(options);
    this.#pattern = options.globalConfig.testNamePattern;
  }

  sort(tests) {
    const files = this.#pattern ? filesNaming(this.#pattern) : undefined;
    const kept = files === undefined ? [] : tests.filter((test) => files.has(test.path));
    return super.sort(kept.length > 0 ? kept : tests);
  }
}

function filesNaming(pattern) {
  if (!existsSync(TEST_FILES)) return undefined;
  // As Jest matches it against a test's full name.
  const names = new RegExp(pattern, 'i');
  const files = new Set();
  for (const line of readFileSync(TEST_FILES, 'utf8').split('\n')) {
    if (line === '') continue;
    const [name, file] = JSON.parse(line);
    if (names.test(name)) files.add(file);
  }
  return files;
}

module.exports = MutationSequencer;
module.exports.TEST_FILES = TEST_FILES;
