// Keys that an assignment (`Object.assign`, the copy decodeFrame or io-ts
// makes to fill in a default) would send to the prototype instead of the
// object, or that shadow what every object inherits. JSON.parse makes
// `__proto__` an ordinary own key, so a frame can carry one.
const UNSAFE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * `value` as a plain object: `Object.prototype` as its prototype, only its own
 * enumerable fields, and none of the {@link UNSAFE_KEYS}. An object that is
 * already so (every well-formed frame) comes back unchanged, so the hot path
 * allocates nothing. Only the top level is copied: nested values are JSON
 * data, and walking them would be recursion over unbounded input.
 */
export function plainObject(value: object): Readonly<Record<string, unknown>> {
  if (
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, '__proto__') &&
    !Object.hasOwn(value, 'constructor') &&
    !Object.hasOwn(value, 'prototype')
  ) {
    return value as Record<string, unknown>;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!UNSAFE_KEYS.includes(key)) copy[key] = (value as Record<string, unknown>)[key];
  }
  return copy;
}
