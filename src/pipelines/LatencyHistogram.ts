/**
 * Latencies counted in buckets, for percentiles in bounded memory however
 * many are added (a run of a million turns keeps a few thousand counters,
 * not a million numbers).
 *
 * Whole milliseconds under 2048 ms are kept exactly (a real clock's
 * `Date.now()` gives whole ms); longer ones, and fractions, are rounded to
 * 11 significant bits (within 0.05 %).
 */
export class LatencyHistogram {
  readonly #counts = new Map<number, number>();
  #count = 0;
  #max = -Infinity;

  /** How many latencies were added. */
  get count(): number {
    return this.#count;
  }

  /** The largest latency added, exactly; `null` when none was. */
  get max(): number | null {
    return this.#count === 0 ? null : this.#max;
  }

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const key = bucketOf(ms);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    this.#count += 1;
    if (ms > this.#max) this.#max = ms;
  }

  /** The nearest-rank `p`th percentile (0 < p ≤ 100), as its bucket's value; `null` when empty. */
  percentile(p: number): number | null {
    if (this.#count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    const keys = [...this.#counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const key of keys) {
      seen += this.#counts.get(key) ?? 0;
      if (seen >= rank) return Math.min(key, this.#max);
    }
    return this.#max;
  }
}

function bucketOf(ms: number): number {
  if (ms <= 0) return 0;
  if (ms < 2048 && Number.isInteger(ms)) return ms;
  const step = 2 ** (Math.floor(Math.log2(ms)) - 10);
  return Math.round(ms / step) * step;
}
