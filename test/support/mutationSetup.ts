import { appendFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { config } from 'rxjs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TEST_FILES } = require('./mutationSequencer.js') as { TEST_FILES: string };

// Under StrykerJS (jest.stryker.config.js) a failing property only has to
// fail: shrinking it to the smallest counterexample can take longer than the
// mutant's time budget, and a mutant that times out costs a worker restart.
fc.configureGlobal({ endOnFailure: true });

// An error that reaches no subscriber is rethrown by RxJS on a timer, which
// would kill Stryker's worker process (and cost a restart) instead of failing
// the test that let it escape: under a mutant, fail that test.
const unhandled: unknown[] = [];
config.onUnhandledError = (error) => unhandled.push(error);
afterEach(() => {
  const escaped = unhandled.splice(0);
  if (escaped.length > 0)
    throw new Error(`errors reached no subscriber: ${escaped.map(String).join('; ')}`);
});

// Which file holds which test, and how long the test took, recorded in
// Stryker's dry run (no mutant active), for test/support/mutationSequencer.js:
// a mutant's run then loads only the files that hold its covering tests, not
// all of them, and the quickest first.
if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) {
  let startedAt = 0;
  beforeEach(() => {
    startedAt = performance.now();
  });
  afterEach(() => {
    const { currentTestName, testPath } = expect.getState();
    const ms = Math.round(performance.now() - startedAt);
    if (currentTestName !== undefined && testPath !== undefined)
      appendFileSync(TEST_FILES, `${JSON.stringify([currentTestName, testPath, ms])}\n`);
  });
}
