import * as fc from 'fast-check';

// Under StrykerJS (jest.stryker.config.js) a failing property only has to
// fail: shrinking it to the smallest counterexample can take longer than the
// mutant's time budget, and a mutant that times out costs a worker restart.
fc.configureGlobal({ endOnFailure: true });
