import { createTestServer } from '../../src/testing/createTestServer';
import { runLeakCycles } from './leaks';

describe('leaks', () => {
  const server = createTestServer({ pingIntervalMs: false });

  it('leaves no socket, listener or timer behind after subscribe/unsubscribe cycles', async () => {
    const report = await runLeakCycles(server, 150);
    expect(report).toEqual({
      cycles: 150,
      maxLiveSocketsPerSession: 1,
      clientSocketsLeft: 0,
      serverSocketsLeft: 0,
      socketsWithListeners: 0,
      timersLeft: 0,
    });
  });
});
