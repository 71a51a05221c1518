/**
 * The approximate length of `value` as JSON, stopping once it passes `cap`.
 * Iterative (an explicit stack), so deeply nested input cannot overflow the
 * call stack, and bounded by `cap`, so a huge frame costs no more than the
 * budget it is checked against. A flat frame (the usual case) is measured
 * without allocating a stack.
 */
export function jsonSize(value: unknown, cap: number): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return nestedSize(value, cap);
  }
  let size = 2;
  const record = value as Record<string, unknown>;
  // `for...in` rather than `Object.keys`: no array of keys per frame.
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue;
    const field = record[key];
    size += key.length + 4;
    if (typeof field === 'string') size += field.length + 2;
    else if (field === null || typeof field !== 'object') size += 5;
    else size += nestedSize(field, cap - size);
    if (size > cap) break;
  }
  return size;
}

const hasOwn = Object.prototype.hasOwnProperty;

function nestedSize(value: unknown, cap: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= cap) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 5;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      if (size > cap) break;
      for (const element of item) stack.push(element);
    } else {
      size += 2;
      for (const key in item) {
        if (!hasOwn.call(item, key)) continue;
        size += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return size;
}
