import type * as t from 'io-ts';
import { preview } from './preview.js';

/**
 * Turns io-ts validation errors into one readable line each,
 * `path: expected Type, got value`, e.g. `call_id: expected string, got 42`.
 * The path leaves out io-ts's member indices for unions and intersections so
 * it reads like the JSON the server sent.
 */
export function reportErrors(errors: t.Errors): string[] {
  return [...new Set(errors.map(describe))];
}

function describe(error: t.ValidationError): string {
  const { context } = error;
  const fields = context.filter(
    (entry, i) => i > 0 && entry.key !== '' && (!isIndex(entry.key) || isArray(context[i - 1])),
  );
  const path = fields.map((entry) => entry.key).join('.');
  // The field's own codec names what was expected; the entries below it are a
  // union's members, which would otherwise each report the same value.
  const expected =
    (fields[fields.length - 1] ?? context[context.length - 1])?.type.name ?? 'unknown';
  return `${path || '(frame)'}: expected ${expected}, got ${preview(error.value)}`;
}

const isIndex = (key: string): boolean => /^\d+$/.test(key);

const isArray = (entry: t.ContextEntry | undefined): boolean =>
  entry !== undefined && (entry.type.name.startsWith('Array<') || entry.type.name.endsWith('[]'));
