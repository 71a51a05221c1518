/**
 * A copy of `fields` made with no allocation site: for the objects an app
 * keeps (a `Turn`, its timing, its tool calls). It is an object literal to
 * every reader: the same own fields in the same order, `Object.prototype`.
 *
 * Why not the literal itself: V8 gives each object and array literal an
 * allocation site, and once most of a site's objects have outlived the
 * scavenges that met them it allocates that site's objects straight in the
 * old generation ("pretenuring"). Apps keep turns (the latest answer in a
 * loop's `const`, a chat view's list), so the turn's literals were
 * pretenured, and then every young object a turn points at (its frames, its
 * arrays) outlived every scavenge until the next full GC. A spread copy has
 * no allocation site, and the literal handed in dies young: a kept turn is
 * promoted only once it has really lived long (docs/performance.md, "What
 * outlives a scavenge"). A function, not an inline `{ ...{ } }`, which
 * minifiers fold back into the literal.
 */
export function plainRecord<T extends object>(fields: T): T {
  return { ...fields };
}
