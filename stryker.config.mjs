// @ts-check
/**
 * Mutation testing (docs/mutation-testing.md). `npm run mutate`
 * (scripts/mutate.mjs) runs it over src/ one folder at a time, each with its
 * own incremental file and report; these are the settings they share.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.stryker.config.js',
    // Off: Jest's --findRelatedTests missed most tests that reach a file
    // through src/index.ts (9 of 290 for src/protocol); perTest coverage
    // already runs each mutant against the tests that execute it.
    enableFindRelatedTests: false,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // The suite shares two cores with the type checker: leave room before a
  // slow mutant counts as an infinite loop.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  mutate: [
    'src/**/*.ts',
    // Types and re-exports only: nothing to mutate that a test could see.
    '!src/index.ts',
    '!src/**/index.ts',
    // The browser build's socket factory runs only in the browser test.
    '!src/transport/defaultWebSocket.browser.ts',
    // The process glue around the CLI's main (signals, process.exit): it runs
    // only as the built bin, in test/cli/bin.test.ts, where no mutant loads.
    '!src/cli/bin.ts',
  ],
  ignorePatterns: [
    'dist',
    'coverage',
    'reports',
    'docs/api',
    '.tmp',
    'test-results',
    '.stryker-tmp*',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  incremental: true,
  incrementalFile: 'test/mutation/all.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 85, low: 70, break: null },
};
