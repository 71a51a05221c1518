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

  it('counts own fields only, at the top and nested, never inherited ones', () => {
    const withInherited = (own: Record<string, unknown>) =>
      Object.assign(Object.create({ inherited: 'x'.repeat(50) }) as object, own);
    expect({
      top: jsonSize(withInherited({ a: 'b' }), Number.POSITIVE_INFINITY),
      nested: jsonSize({ outer: withInherited({ a: 'b' }) }, Number.POSITIVE_INFINITY),
    }).toEqual({ top: reference({ a: 'b' }), nested: reference({ outer: { a: 'b' } }) });
  });

  it('stops at the field that passes the cap rather than counting the rest', () => {
    const fields = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'x'.repeat(10)]));
    // Each field counts at most 20 (key, quotes, colon, comma, value): the
    // count ends within one field of the cap, not at the whole 1000.
    expect({ 'a flat frame': jsonSize(fields(1000), 100) <= 120 }).toEqual({
      'a flat frame': true,
    });
    // Nested, a whole object's keys count at once, then its values one by one.
    const nested = jsonSize({ outer: fields(1000) }, 100);
    expect({ 'a nested object': nested < reference({ outer: fields(1000) }) / 2 }).toEqual({
      'a nested object': true,
    });
  });

  it('measures no container once past the cap, however many wait, nor an array past it', () => {
    // Each field of the top level holds an object: a dozen wait when the
    // keys alone pass the cap, and none of them may be measured after that.
    const containers = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`k${i}`, { a: 'x'.repeat(10) }]),
    );
    const scalars = Array.from({ length: 10_000 }, () => 'x'.repeat(10));
    expect({
      'many waiting objects': jsonSize(containers, 100) <= 100 + 10,
      // Brackets and commas count at once; then at most one element.
      'a long array': jsonSize(scalars, 100) <= 2 + scalars.length + 12,
    }).toEqual({ 'many waiting objects': true, 'a long array': true });
  });
});
