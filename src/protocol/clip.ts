/** How much of a text a failure message or an `unmet` entry keeps. */
export const CLIP_CHARS = 200;

/**
 * `text` cut to its first `max` characters, with `…(N more)` saying how much
 * was left out, so that a 50 KB error frame or close reason cannot become a
 * 50 KB failure line or job result. Unchanged when it fits; never splits a
 * surrogate pair.
 *
 * ```ts
 * clip('x'.repeat(250)); // 'xxx…x…(50 more)' (200 x's kept)
 * ```
 */
export function clip(text: string, max = CLIP_CHARS): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const cut = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, cut)}…(${text.length - cut} more)`;
}
