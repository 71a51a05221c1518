// The test environment of jest.stryker.config.js: Node's, plus bail. Under
// a mutant one failing test is enough (Stryker counts the mutant killed), but
// Stryker's Jest runner cannot pass Jest's `bail`, so a mutant that breaks
// the connection ran every covering test to its own failure, many of them to
// the 8 s test timeout. Once a test fails under a mutant, every later test of
// that run is skipped instead. Without an active mutant (Stryker's dry run,
// which records coverage) nothing is skipped.
const { TestEnvironment } = require('jest-environment-node');

/**
 * Shared by the run's test files (this module loads once per Jest process),
 * kept per mutant so that a failure under one never skips another's tests.
 */
const bail = { mutant: undefined, failed: false };

/** Called by test/support/mutationSequencer.js as each run starts. */
function resetBail() {
  bail.mutant = undefined;
  bail.failed = false;
}

class MutationEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
    if (mutant === undefined) return;
    if (bail.mutant !== mutant) {
      bail.mutant = mutant;
      bail.failed = false;
    }
    if (event.name === 'test_start' && bail.failed) event.test.mode = 'skip';
    else if (event.name === 'test_done' && event.test.errors.length > 0) bail.failed = true;
    else if (event.name === 'hook_failure') bail.failed = true;
  }
}

module.exports = MutationEnvironment;
module.exports.resetBail = resetBail;
