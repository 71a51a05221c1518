import * as t from 'io-ts';
import { isToolInput } from './isToolInput.js';

/** What a tool was called with: the protocol allows an object, a string or null. */
export type ToolInput = { [key: string]: unknown } | string | null;

/**
 * The io-ts codec for {@link ToolInput}. One predicate rather than
 * `t.union([t.UnknownRecord, t.string, t.null])`: the same values pass, but an
 * app no longer bundles io-ts's union machinery (tag indexing) just to read a
 * tool's input.
 */
export const ToolInput: t.Type<ToolInput, ToolInput, unknown> = /* @__PURE__ */ new t.Type<
  ToolInput,
  ToolInput,
  unknown
>(
  'ToolInput',
  isToolInput,
  (input, context) => (isToolInput(input) ? t.success(input) : t.failure(input, context)),
  t.identity,
);
