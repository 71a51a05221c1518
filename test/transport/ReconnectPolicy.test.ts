import {
  defaultReconnectPolicy,
  resolveReconnectPolicy,
  type ReconnectPolicy,
} from '../../src/transport/ReconnectPolicy';

describe('resolveReconnectPolicy', () => {
  it('hands every connection without a policy of its own the same resolved defaults', () => {
    const first = resolveReconnectPolicy(undefined);
    expect({
      'the defaults': first,
      shared: resolveReconnectPolicy(undefined) === first,
      frozen: Object.isFrozen(first),
      'a partial policy gets its own': resolveReconnectPolicy({}) === first,
    }).toEqual({
      'the defaults': defaultReconnectPolicy,
      shared: true,
      frozen: true,
      'a partial policy gets its own': false,
    });
  });

  it('follows defaultReconnectPolicy when code changes it, as a partial policy does', () => {
    const defaults = defaultReconnectPolicy as { -readonly [K in keyof ReconnectPolicy]: number };
    const before = defaults.maxAttempts;
    try {
      defaults.maxAttempts = 3;
      expect({
        omitted: resolveReconnectPolicy(undefined).maxAttempts,
        partial: resolveReconnectPolicy({}).maxAttempts,
      }).toEqual({ omitted: 3, partial: 3 });
    } finally {
      defaults.maxAttempts = before;
    }
    expect(resolveReconnectPolicy(undefined).maxAttempts).toBe(before);
  });
});
