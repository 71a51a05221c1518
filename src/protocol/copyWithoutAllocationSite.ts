/**
 * A copy of `fields`, a plain data object, made with no allocation site: for
 * the objects an app keeps (a `Turn` and its timing; its tool calls are
 * copied the same way by `ToolCallPairer`'s `withParent`). To every
 * reader it is the literal handed in: the same own fields, in the same
 * order, with the same descriptors, and `Object.prototype`.
 *
 * Why not the literal itself: V8 gives each object and array literal an
 * allocation site, and once most of a site's objects have outlived the
 * scavenges that met them it allocates that site's objects straight in the
 * old generation ("pretenuring"). Apps keep turns (the latest answer in a
 * loop's `const`, a chat view's list), so the turn's literals were
 * pretenured; a turn allocated old keeps the young objects it points at (its
 * frames, its arrays) through every scavenge until the next full GC, even
 * after the app has let go of it. A spread copy has no allocation site, and
 * the literal handed in dies young: a kept turn is promoted only once it has
 * really lived long (docs/performance.md, "What outlives a scavenge"; a unit
 * test cannot see allocation sites, `bench/survivors.mjs` measures them).
 *
 * Limits:
 * - V8 caches the shapes of its one spread: Turn and TurnTiming use two of
 *   the four it keeps fast. A fifth shape would send every copy down its
 *   slow path.
 * - It is a function, not an inline `{ ...{ } }`, because minifiers fold
 *   that back into the literal. A toolchain that inlines single-use
 *   functions can still do so in an app's bundle.
 */
export function copyWithoutAllocationSite<T extends object>(fields: T): T {
  return { ...fields };
}
