// Jest as StrykerJS runs it (stryker.config.mjs): the whole suite but the
// parts that cannot kill a mutant in src/ or only repeat what a faster test
// already checks, at many times its cost.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    // Run dist/cjs/cli/bin.js (or the build) as a child process: the
    // instrumented sandbox code never loads there, so these can kill nothing.
    // The rest of test/cli runs the CLI's main in-process (test/cli/inProcess.ts).
    '<rootDir>/test/cli/bin.test.ts',
    '<rootDir>/test/cli/start.test.ts',
    // Bundles the built dist/ (which Stryker's sandbox does not copy, so it
    // fails there and stops the dry run); no mutant in src/ loads in it.
    '<rootDir>/test/treeShaking.test.ts',
    // Long randomized soaks (about 30 s together): the same properties run
    // in test/session/sessionModel.test.ts and the unit tests, in a sample.
    '<rootDir>/test/soak/',
    // scripts/mutate.mjs <folder> unit: no sockets, for a quick lower bound.
    ...(process.env.MUTATION_SCOPE === 'unit'
      ? ['<rootDir>/test/integration/', '<rootDir>/test/server/', '<rootDir>/test/examples']
      : []),
  ],
  // A mutant that keeps a command or a session from ending makes its test
  // wait forever; failing that test after 8 s (a tenth of that is plenty for
  // any test here, and the few slower ones set their own limit) counts the
  // mutant as killed, where Stryker's own timeout would cost a worker restart.
  testTimeout: 8_000,
  setupFilesAfterEnv: ['<rootDir>/test/support/mutationSetup.ts'],
  // Once a test fails under a mutant, the rest of its run is skipped.
  // An absolute path: Stryker's dry run loads it without Jest's <rootDir>.
  testEnvironment: require('node:path').join(__dirname, 'test/support/mutationEnvironment.js'),
  // A mutant's run loads only the test files that hold its covering tests.
  testSequencer: '<rootDir>/test/support/mutationSequencer.js',
  reporters: ['default'],
};
