/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Vitest runs these (npm run test:vitest; test/angular: npm run test:angular).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/vitest/', '<rootDir>/test/angular/'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', isolatedModules: true } },
    ],
  },
  // Sources import siblings with the `.js` extension that ESM output needs.
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Examples and docs import the package by name; tests run them against src/.
    '^rxjs-text-stream$': '<rootDir>/src/index.ts',
    '^rxjs-text-stream/(.*)$': '<rootDir>/src/$1/index.ts',
  },
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
