import * as t from 'io-ts';

/**
 * A string codec whose static type names the values known today while still
 * accepting any other string, so a server that adds a value (a new
 * `session_ended` reason, say) is not a decode error.
 */
export function openString<K extends string>(
  name: string,
): t.Type<K | (string & {}), string, unknown> {
  return new t.Type<K | (string & {}), string, unknown>(
    name,
    t.string.is,
    t.string.validate,
    t.identity,
  );
}
