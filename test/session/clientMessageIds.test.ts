import { randomClientMessageId } from '../../src/session/clientMessageIds';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const prefixOf = (id: string): string => id.slice(0, id.lastIndexOf('-'));

// A page served over plain http has no crypto.randomUUID (secure contexts
// only); some runtimes (React Native, Node before 19 without a flag) have no
// global crypto at all.
function without<T>(owner: object, key: string, run: () => T): T {
  const own = Object.getOwnPropertyDescriptor(owner, key);
  Object.defineProperty(owner, key, { value: undefined, configurable: true });
  try {
    return run();
  } finally {
    if (own === undefined) Reflect.deleteProperty(owner, key);
    else Object.defineProperty(owner, key, own);
  }
}

/** Fifty ids from a fresh copy of the module: the prefix is chosen on its first id. */
function freshIds(): string[] {
  let fresh: typeof randomClientMessageId = randomClientMessageId;
  jest.isolateModules(() => {
    fresh = (
      jest.requireActual('../../src/session/clientMessageIds') as {
        randomClientMessageId: typeof randomClientMessageId;
      }
    ).randomClientMessageId;
  });
  return Array.from({ length: 50 }, () => fresh());
}

describe('randomClientMessageId', () => {
  it('never repeats an id and shares one random prefix per process', () => {
    const ids = Array.from({ length: 1000 }, () => randomClientMessageId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map(prefixOf)).size).toBe(1);
    // A UUID prefix (Node 19+ has crypto.randomUUID): random, not a constant.
    expect(prefixOf(ids[0] ?? '')).toMatch(uuid);
  });

  it.each([
    ['crypto.randomUUID is missing', () => without(globalThis.crypto, 'randomUUID', freshIds)],
    ['there is no global crypto', () => without(globalThis, 'crypto', freshIds)],
  ])('still gives every message its own id where %s', (_label, idsWithout) => {
    const ids = idsWithout();
    expect({ 'distinct ids of 50': new Set(ids).size }).toEqual({ 'distinct ids of 50': 50 });
    expect(prefixOf(ids[0] ?? '')).not.toMatch(uuid);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
  });
});
