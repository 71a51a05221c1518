import * as fc from 'fast-check';
import { config } from 'rxjs';

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
