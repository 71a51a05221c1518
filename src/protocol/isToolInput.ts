/**
 * What the protocol allows as a tool's input: an object, a string or null.
 * The same type as `ToolInput` (`toolInput.ts`, beside its io-ts codec),
 * written out here so that the hand-written decoder checks it without io-ts.
 */
export const isToolInput = (value: unknown): value is { [key: string]: unknown } | string | null =>
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'object' && !Array.isArray(value));
