/**
 * The two per-test hooks {@link createTestServer} needs, in the shape every
 * runner shares: pass Vitest's (`import { beforeEach, afterEach } from
 * 'vitest'`), Jest's (`@jest/globals`), Mocha's or node:test's.
 */
export interface TestHooks {
  /** Runs `fn` before each test of the current scope. */
  readonly beforeEach: (fn: () => Promise<void>) => unknown;
  /** Runs `fn` after each test of the current scope, even a failed one. */
  readonly afterEach: (fn: () => Promise<void>) => unknown;
}

/**
 * The hooks a runner put on the global object (Jest; Vitest with `globals:
 * true`; Mocha), or undefined. Detected rather than assumed, so that without
 * globals the caller gets a clear error instead of a ReferenceError.
 */
export function globalTestHooks(): TestHooks | undefined {
  const { beforeEach, afterEach } = globalThis as Partial<Record<keyof TestHooks, unknown>>;
  return typeof beforeEach === 'function' && typeof afterEach === 'function'
    ? (globalThis as unknown as TestHooks)
    : undefined;
}
