import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AuthMode } from '../transport/authToken.js';
import { UsageError } from './usage.js';

// The flag readers every command shares.

/** What {@link parse} reads: parseArgs's own result for these options. */
export type Parsed<O extends ParseArgsOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>
>;
type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

/** parseArgs, strict, its refusals shortened to one {@link UsageError} line. */
export function parse<O extends ParseArgsOptions>(
  args: string[],
  options: O,
  allowPositionals = false,
): Parsed<O> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    // parseArgs's first sentence says it; drop its hints about '--'.
    const message = (error as Error).message;
    const first = message.split('\n')[0]?.split('. ')[0]?.replace(/\.$/, '') ?? 'bad arguments';
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(first)?.[1];
    throw new UsageError(
      ambiguous
        ? `${ambiguous} wants a value; write ${ambiguous}=VALUE for one starting with -`
        : first,
    );
  }
}

/** `--auth`: subprotocol (the default) or query. */
export function authMode(value: string | undefined): AuthMode {
  const auth = value ?? 'subprotocol';
  if (auth !== 'subprotocol' && auth !== 'query')
    throw new UsageError(`--auth must be subprotocol or query, not ${auth}`);
  return auth;
}

/** Repeated `--param KEY=VALUE` flags as an object. */
export function paramPairs(pairs: readonly string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--param wants KEY=VALUE, got ${pair}`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

/** A whole number flag, or a {@link UsageError} naming it. */
export function whole(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new UsageError(`${flag} wants a whole number, got ${text}`);
  return value;
}
