import { randomClientMessageId } from '../../src/session/clientMessageIds';

// A page served over plain http has no crypto.randomUUID (secure contexts only).
function withoutRandomUUID<T>(run: () => T): T {
  const own = Object.getOwnPropertyDescriptor(globalThis.crypto, 'randomUUID');
  Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
  try {
    return run();
  } finally {
    if (own === undefined) Reflect.deleteProperty(globalThis.crypto, 'randomUUID');
    else Object.defineProperty(globalThis.crypto, 'randomUUID', own);
  }
}

describe('randomClientMessageId', () => {
  it('uses crypto.randomUUID where there is one', () => {
    expect(randomClientMessageId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('still gives every message its own id where crypto.randomUUID is missing', () => {
    const ids = withoutRandomUUID(() => Array.from({ length: 50 }, randomClientMessageId));
    expect({ 'distinct ids of 50': new Set(ids).size }).toEqual({ 'distinct ids of 50': 50 });
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]+-[0-9a-z]+-[0-9a-z]{1,8}$/);
  });
});
