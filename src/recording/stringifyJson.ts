/**
 * `JSON.stringify` for values of any depth. A frame's tool `input` is the
 * server's JSON, and a server may nest it 100 000 levels deep: `JSON.parse`
 * takes that, but `JSON.stringify` recurses and throws a `RangeError`. Shallow
 * values (nearly all) take the native path; deep ones an explicit stack.
 *
 * The output is what `JSON.stringify` gives for JSON-shaped data (plain
 * objects, arrays, strings, finite numbers, booleans, null); `toJSON` is not
 * consulted on the deep path, since parsed JSON has none.
 */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return stringifyDeep(value);
  }
}

type Pending =
  | { readonly kind: 'array'; readonly items: readonly unknown[]; index: number }
  | {
      readonly kind: 'object';
      readonly record: Record<string, unknown>;
      readonly keys: string[];
      index: number;
      written: number;
    };

function stringifyDeep(root: unknown): string {
  const out: string[] = [];
  const stack: Pending[] = [];
  // Writes a scalar, or opens a container and leaves it on the stack.
  const begin = (value: unknown): void => {
    if (Array.isArray(value)) {
      out.push('[');
      stack.push({ kind: 'array', items: value, index: 0 });
    } else if (value !== null && typeof value === 'object') {
      out.push('{');
      const record = value as Record<string, unknown>;
      stack.push({ kind: 'object', record, keys: Object.keys(record), index: 0, written: 0 });
    } else {
      out.push(scalar(value) ?? 'null');
    }
  };
  begin(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Pending;
    if (top.kind === 'array') {
      if (top.index === top.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (top.index > 0) out.push(',');
      begin(top.items[top.index++]);
      continue;
    }
    if (top.index === top.keys.length) {
      out.push('}');
      stack.pop();
      continue;
    }
    const key = top.keys[top.index++] as string;
    const value = top.record[key];
    // JSON.stringify leaves out object members it cannot represent.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    out.push(`${top.written++ > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    begin(value);
  }
  return out.join('');
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return JSON.stringify(value);
}
