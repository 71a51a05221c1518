/**
 * The approximate length of `value` as JSON, stopping once it passes `cap`.
 * Iterative (containers wait their turn rather than recurse), so deeply
 * nested input cannot overflow the call stack, and bounded by `cap`, so a
 * huge frame costs no more than the budget it is checked against. A frame
 * nested no deeper than one object or array (a tool call's input) is
 * measured without allocating: only a second container waiting at once
 * needs the stack.
 */
export function jsonSize(value: unknown, cap: number): number {
  if (value === null || typeof value !== 'object') return scalarSize(value);
  let size = 0;
  let item: object | undefined = value;
  // Containers found but not yet measured: the first in `waiting`, more on `stack`.
  let waiting: object | undefined;
  let stack: object[] | null = null;
  while (item !== undefined && size <= cap) {
    if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const element of item) {
        if (size > cap) break;
        if (element === null || typeof element !== 'object') size += scalarSize(element);
        else if (waiting === undefined) waiting = element;
        else (stack ??= []).push(element);
      }
    } else {
      size += 2;
      // `for...in` rather than `Object.keys`: no array of keys per frame.
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        const field = (item as Record<string, unknown>)[key];
        size += key.length + 4;
        if (field === null || typeof field !== 'object') size += scalarSize(field);
        else if (waiting === undefined) waiting = field;
        else (stack ??= []).push(field);
        if (size > cap) break;
      }
    }
    if (waiting !== undefined) {
      item = waiting;
      waiting = undefined;
    } else item = stack?.pop();
  }
  return size;
}

const scalarSize = (value: unknown): number => (typeof value === 'string' ? value.length + 2 : 5);
