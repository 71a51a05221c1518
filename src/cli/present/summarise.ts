const MAX_DEPTH = 3;
const MAX_STRING = 40;

/**
 * A short, readable rendering of a tool's input or result for a terminal.
 * JSON (or a string holding JSON) is shown compactly with whole members
 * elided (`…+3`) and deep levels folded (`{…}`); long strings end at a word
 * boundary. Nothing is cut in the middle of a token, and recursion stops at a
 * fixed depth, so a value nested 100 000 levels deep is safe. `--json` has
 * the full values.
 */
export function summarise(value: unknown, budget = 100): string {
  const parsed = typeof value === 'string' ? parseJsonContainer(value) : value;
  if (typeof parsed === 'string') return clip(parsed, budget);
  let remaining = budget;
  const render = (item: unknown, depth: number): string => {
    if (Array.isArray(item)) {
      if (depth >= MAX_DEPTH) return item.length === 0 ? '[]' : `[…${item.length}]`;
      return `[${members(item.map((element) => () => render(element, depth + 1))).join(',')}]`;
    }
    if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      if (depth >= MAX_DEPTH) return entries.length === 0 ? '{}' : '{…}';
      return `{${members(
        entries.map(
          ([key, inner]) =>
            () =>
              `${JSON.stringify(key)}:${render(inner, depth + 1)}`,
        ),
      ).join(',')}}`;
    }
    if (typeof item === 'string') return JSON.stringify(clip(item, MAX_STRING));
    return String(JSON.stringify(item) ?? 'null');
  };
  // Renders members until the budget is spent, then says how many were left out.
  const members = (thunks: (() => string)[]): string[] => {
    const out: string[] = [];
    for (const [index, thunk] of thunks.entries()) {
      if (remaining <= 0) {
        out.push(`…+${thunks.length - index}`);
        break;
      }
      const text = thunk();
      remaining -= text.length + 1;
      out.push(text);
    }
    return out;
  };
  return render(parsed, 0);
}

function parseJsonContainer(text: string): unknown {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `text` if it fits, else as many whole words as fit and the full length. */
function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  const head = cut > 0 ? flat.slice(0, cut) : '';
  return `${head}… (${text.length} chars)`;
}
