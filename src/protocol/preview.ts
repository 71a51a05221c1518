/** A short, single-line rendering of a value for an error message. */
export function preview(value: unknown, max = 60): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
