import * as t from 'io-ts';

/**
 * A codec that reads a missing (`undefined`) value as `fallback`, and otherwise
 * validates with `codec`. Used for the defaults the protocol page states
 * (`duplicate: false`, `succeeded: true`), so decoded frames always carry them.
 */
export function withDefault<C extends t.Mixed>(
  codec: C,
  fallback: t.TypeOf<C>,
): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> {
  return new t.Type(
    `${codec.name} = ${JSON.stringify(fallback)}`,
    codec.is,
    (input, context) =>
      input === undefined ? t.success(fallback) : codec.validate(input, context),
    codec.encode,
  );
}
