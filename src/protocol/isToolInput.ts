/**
 * What a tool was called with: the protocol allows an object, a string or null.
 * (`toolInput.ts` gives it its public name beside its io-ts codec; it is
 * declared here so that the hand-written decoder checks it without io-ts.)
 */
export type ToolInputValue = { [key: string]: unknown } | string | null;

/** What the protocol allows as a tool's input: an object, a string or null. */
export const isToolInput = (value: unknown): value is ToolInputValue =>
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'object' && !Array.isArray(value));
