import fc from 'fast-check';
import { stringifyJson } from '../../src/recording/stringifyJson';

const nested = (depth: number): unknown => {
  let value: unknown = { leaf: [1, 'two', null, true] };
  for (let i = 0; i < depth; i += 1) value = i % 2 ? { a: value, b: undefined } : [value];
  return value;
};

describe('stringifyJson', () => {
  it('gives what JSON.stringify gives for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyJson(value)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('serialises 100 000 levels without a RangeError, and the text parses back', () => {
    const value = nested(100_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const text = stringifyJson(value);
    expect(text).toBe(
      `${'{"a":['.repeat(50_000)}{"leaf":[1,"two",null,true]}${']}'.repeat(50_000)}`,
    );
    // The deep path must agree with the native one on a shape both can take.
    expect(stringifyJson(JSON.parse(text))).toBe(text);
  });
});
