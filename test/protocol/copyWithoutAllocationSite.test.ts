import { copyWithoutAllocationSite } from '../../src/protocol/copyWithoutAllocationSite';

// What it is for (no allocation site) only shows in V8's heap:
// bench/survivors.mjs measures that. These hold what readers see.
describe('copyWithoutAllocationSite', () => {
  it('is a new, plain, writable object with the same fields, order and descriptors', () => {
    const fields = { b: 1, a: [2], c: undefined };
    const copy = copyWithoutAllocationSite(fields);
    expect({
      copy: copy !== fields,
      keys: Object.keys(copy),
      descriptors: Object.getOwnPropertyDescriptors(copy),
      prototype: Object.getPrototypeOf(copy) === Object.prototype,
      sharesValues: copy.a === fields.a,
      extensible: Object.isExtensible(copy),
      frozen: Object.isFrozen(copy),
    }).toEqual({
      copy: true,
      keys: ['b', 'a', 'c'],
      descriptors: Object.getOwnPropertyDescriptors(fields),
      prototype: true,
      sharesValues: true,
      extensible: true,
      frozen: false,
    });
    expect(copy).toStrictEqual({ b: 1, a: [2], c: undefined });
  });
});
