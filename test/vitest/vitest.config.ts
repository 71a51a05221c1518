// Vitest for the docs' testing examples, against the built ESM package (as a
// Vite app would load it), with globals off so that nothing leans on Jest's.
// Jest skips this folder (jest.config.js).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const dist = (path: string): string =>
  fileURLToPath(new URL(`../../dist/esm/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^rxjs-text-stream$/, replacement: dist('index.js') },
      { find: /^rxjs-text-stream\/(server|testing)$/, replacement: dist('$1/index.js') },
    ],
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    globals: false,
  },
});
