// Vitest for the Angular entry against the real @angular/core and zone.js
// (both ship as ESM, which Jest's CommonJS transform would not load).
// Jest skips this folder (jest.config.js); npm run test:angular runs it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    globals: false,
    testTimeout: 20_000,
  },
});
