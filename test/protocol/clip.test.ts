import fc from 'fast-check';
import { clip, CLIP_CHARS } from '../../src/protocol/clip';

describe('clip', () => {
  it('keeps a text that fits, and cuts a longer one to the cap, saying how much is left out', () => {
    expect(clip('short')).toBe('short');
    expect(clip('x'.repeat(CLIP_CHARS))).toBe('x'.repeat(CLIP_CHARS));
    expect(clip('x'.repeat(50_000))).toBe(`${'x'.repeat(200)}…(49800 more)`);
    expect(clip('abcdef', 4)).toBe('abcd…(2 more)');
  });

  it('never splits a surrogate pair', () => {
    // '😀' is two UTF-16 units; the cut would fall between them.
    expect(clip('abc😀def', 4)).toBe('abc…(5 more)');
  });

  it('keeps a prefix of the text, and the count adds back up to its length', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 2, max: 250 }),
        (text, max) => {
          const clipped = clip(text, max);
          if (text.length <= max) return clipped === text;
          const match = /^([\s\S]*)…\((\d+) more\)$/.exec(clipped);
          if (match === null) return false;
          const kept = match[1] as string;
          return (
            text.startsWith(kept) &&
            kept.length + Number(match[2]) === text.length &&
            kept.length <= max
          );
        },
      ),
    );
  });
});
