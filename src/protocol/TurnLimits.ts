/**
 * How much one turn may hold. A server that never ends a turn, or floods one,
 * must not grow a client without bound: past a limit the turn stops growing
 * and comes out `truncated`, with one `turn-limit` diagnostic.
 *
 * A turn keeps at most `maxBytes` of frame content (JSON size, counted in
 * UTF-16 units: V8 stores them in 1 or 2 bytes each) plus a few hundred
 * bytes of bookkeeping per kept frame. With the defaults that is under
 * 8 MiB x 2 + 10 000 x 400 B, about 20 MiB per turn being assembled, however
 * many frames the server sends. Frames are shared by reference between
 * `toTurns`, `pairToolCalls` and the session, so content is held once.
 */
export interface TurnLimits {
  /** Frames a turn keeps (messages, errors, tool frames; `typing` is not kept). Later ones are dropped. */
  readonly maxFrames: number;
  /** Tool calls awaiting their completion; past it the oldest comes out `incomplete` early. */
  readonly maxPendingToolCalls: number;
  /** The JSON size of the frames a turn keeps; a frame that would pass it is dropped. */
  readonly maxBytes: number;
}

/** 10 000 frames, 1 000 pending tool calls, 8 MiB: far above any real turn. */
export const defaultTurnLimits: TurnLimits = {
  maxFrames: 10_000,
  maxPendingToolCalls: 1_000,
  maxBytes: 8 * 1024 * 1024,
};

// Limits already checked, so a turn per frame burst does not check them again.
const checked = new WeakSet<TurnLimits>([defaultTurnLimits]);

/** Fills in defaults and rejects nonsense with a `TypeError`. */
export function resolveTurnLimits(limits: Partial<TurnLimits> = defaultTurnLimits): TurnLimits {
  if (checked.has(limits as TurnLimits)) return limits as TurnLimits;
  const resolved = {} as { -readonly [K in keyof TurnLimits]: number };
  for (const key of Object.keys(defaultTurnLimits) as (keyof TurnLimits)[]) {
    const value = limits[key] ?? defaultTurnLimits[key];
    if (!(Number.isInteger(value) && value > 0)) {
      throw new TypeError(`limits.${key} must be a positive whole number, got ${String(value)}`);
    }
    resolved[key] = value;
  }
  checked.add(resolved);
  return resolved;
}
