import { USAGE, UsageError } from '../../src/cli/usage';

describe('a usage error', () => {
  it('is an Error named UsageError with its message', () => {
    const error = new UsageError('--port wants a number');
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, message: error.message }).toEqual({
      name: 'UsageError',
      message: '--port wants a number',
    });
    expect(USAGE).toMatch(/^usage: text-stream/);
  });
});
