import { randomClientMessageId } from '../../src/session/clientMessageIds';

describe('randomClientMessageId', () => {
  it('never repeats an id and shares one random prefix per process', () => {
    const ids = Array.from({ length: 1000 }, () => randomClientMessageId());
    expect(new Set(ids).size).toBe(ids.length);
    const prefix = (id: string): string => id.slice(0, id.lastIndexOf('-'));
    expect(new Set(ids.map(prefix)).size).toBe(1);
    // A UUID prefix (Node 19+ has crypto.randomUUID): random, not a constant.
    expect(prefix(ids[0] ?? '')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
