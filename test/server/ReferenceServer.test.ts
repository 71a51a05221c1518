import { ReferenceServer } from '../../src/server/ReferenceServer';

describe('the reference server options', () => {
  it.each([
    [{ pingIntervalMs: 0 }, 'pingIntervalMs must be positive or false'],
    [{ pingIntervalMs: -5 }, 'pingIntervalMs must be positive or false'],
    [{ pingIntervalMs: Number.NaN }, 'pingIntervalMs must be positive or false'],
    [{ frameDelayMs: -1 }, 'frameDelayMs must not be negative'],
    [{ frameDelayMs: Number.NaN }, 'frameDelayMs must not be negative'],
    [{ greetingDelayMs: -1 }, 'greetingDelayMs must not be negative'],
  ])('refuses %j', (options, message) => {
    expect(() => new ReferenceServer(options)).toThrow(new TypeError(message));
  });

  it.each([
    { pingIntervalMs: false as const },
    { pingIntervalMs: 1 },
    { frameDelayMs: 0, greetingDelayMs: 0 },
  ])('accepts %j', (options) => {
    const server = new ReferenceServer(options);
    server.dispose();
    expect(server.kindness).toEqual({ finishCutTurns: false, dedupeByText: false });
  });
});
