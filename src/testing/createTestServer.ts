import {
  startReferenceServer,
  type RunningReferenceServer,
  type StartReferenceServerOptions,
} from '../server/ws.js';

type Hook = (fn: () => Promise<void>) => void;

/**
 * A reference server for each test, started before it and closed after it,
 * even when the test fails. Call it at describe (or file) scope; the object it
 * returns stands for the current test's server.
 *
 * ## Example
 * ```ts
 * import { connect } from 'rxjs-text-stream';
 * import { createTestServer } from 'rxjs-text-stream/testing';
 *
 * const server = createTestServer({ pingIntervalMs: false });
 *
 * it('greets', async () => {
 *   const session = connect({ url: server.url });
 *   const greeting = await firstValueFrom(session.turns$);
 *   expect(greeting.text).toMatch(/Hello/);
 *   session.close();
 * });
 * ```
 */
export function createTestServer(
  options: StartReferenceServerOptions = {},
): RunningReferenceServer {
  const { beforeEach, afterEach } = globalThis as { beforeEach?: Hook; afterEach?: Hook };
  if (typeof beforeEach !== 'function' || typeof afterEach !== 'function') {
    throw new Error(
      'createTestServer() needs beforeEach/afterEach: call it at describe or file scope in Jest',
    );
  }
  let current: RunningReferenceServer | undefined;
  beforeEach(async () => {
    current = await startReferenceServer(options);
  });
  afterEach(async () => {
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
