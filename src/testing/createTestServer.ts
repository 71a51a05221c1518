import {
  startReferenceServer,
  type RunningReferenceServer,
  type StartReferenceServerOptions,
} from '../server/ws.js';
import { globalTestHooks, type TestHooks } from './TestHooks.js';

/** Options of {@link createTestServer}: the reference server's, plus the runner's hooks. */
export interface CreateTestServerOptions extends StartReferenceServerOptions {
  /**
   * The runner's `beforeEach` and `afterEach`. Default: the global ones (Jest,
   * or Vitest with `globals: true`); required when the runner has none.
   */
  readonly hooks?: TestHooks;
}

/**
 * A reference server for each test, started before it and closed after it,
 * even when the test fails. Call it at describe (or file) scope; the object it
 * returns stands for the current test's server. Works under any runner: pass
 * its hooks, or let a runner with globals provide them. For one server in one
 * test, `await using server = await startReferenceServer()` needs no hooks.
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { afterEach, beforeEach, expect, it } from 'vitest';
 * import { connect } from 'rxjs-text-stream';
 * import { createTestServer } from 'rxjs-text-stream/testing';
 *
 * const server = createTestServer({ pingIntervalMs: false, hooks: { beforeEach, afterEach } });
 *
 * it('greets', async () => {
 *   const session = connect({ url: server.url });
 *   const greeting = await firstValueFrom(session.turns$);
 *   expect(greeting.text).toMatch(/Hello/);
 *   session.close();
 * });
 * ```
 */
export function createTestServer(options: CreateTestServerOptions = {}): RunningReferenceServer {
  const { hooks = globalTestHooks(), ...serverOptions } = options;
  if (hooks === undefined) {
    throw new Error(
      "createTestServer() found no global beforeEach/afterEach: pass your runner's, " +
        "e.g. createTestServer({ hooks: { beforeEach, afterEach } }) with them imported from 'vitest'",
    );
  }
  let current: RunningReferenceServer | undefined;
  hooks.beforeEach(async () => {
    current = await startReferenceServer(serverOptions);
  });
  hooks.afterEach(async () => {
    const server = current;
    current = undefined;
    await server?.close();
  });
  return new Proxy({} as RunningReferenceServer, {
    get(_target, key) {
      if (current === undefined) throw new Error('the test server only runs inside a test');
      return Reflect.get(current, key);
    },
  });
}
