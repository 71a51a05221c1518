import * as fc from 'fast-check';
import { jsonSize } from '../../src/protocol/jsonSize';

// The count jsonSize makes, written plainly: strings by length and quotes,
// other scalars as 5, arrays by brackets and commas, objects by braces and
// each key with its quotes, colon and comma.
function reference(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 5;
  if (Array.isArray(value))
    return value.reduce((size: number, item: unknown) => size + reference(item), 2 + value.length);
  return Object.entries(value).reduce(
    (size, [key, item]) => size + key.length + 4 + reference(item),
    2,
  );
}

describe('jsonSize', () => {
  it('counts shallow and deeply nested JSON alike, exactly while under the cap', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonSize(value, Number.POSITIVE_INFINITY)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('stops past the cap, with a size still over it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.nat(200), (value, cap) => {
        const size = jsonSize(value, cap);
        if (reference(value) > cap) expect(size).toBeGreaterThan(cap);
        else expect(size).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });
});
