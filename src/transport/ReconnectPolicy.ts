/** When and how often to reconnect after a retryable close or a watchdog timeout. */
export interface ReconnectPolicy {
  /**
   * Consecutive attempts without a healthy connection before giving up. A
   * connection is healthy once it has stayed open `stableAfterMs` after its
   * `session_started`, or has completed a turn that said something (a
   * `response_complete` after a frame of the turn; a bare one proves nothing).
   */
  readonly maxAttempts: number;
  /** The backoff cap for the first attempt, doubled for each further one. */
  readonly initialDelayMs: number;
  /** The backoff cap's ceiling. */
  readonly maxDelayMs: number;
  /** The least wait after a rate-limit close (1013, 4029), applied after jitter. */
  readonly rateLimitFloorMs: number;
  /**
   * How long a connection must stay open after `session_started` before the
   * budget resets. A session that starts and drops at once (a flapping
   * server, a frame that always kills the socket) proves nothing, so it must
   * not refill the budget.
   */
  readonly stableAfterMs: number;
}

/**
 * The vendor SDK's timings: 10 attempts, 1 s doubling to 30 s, a 5 s floor
 * after 1013/4029. `stableAfterMs` is 10 s: far longer than a flap (a drop
 * right after `session_started`), and well inside the 45 s watchdog, so a
 * healthy but quiet connection proves itself before anything could end it.
 */
export const defaultReconnectPolicy: ReconnectPolicy = {
  maxAttempts: 10,
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  rateLimitFloorMs: 5000,
  stableAfterMs: 10_000,
};

// The resolved defaults, shared by every connection that sets no policy of its
// own; taken again should code have changed `defaultReconnectPolicy`.
let sharedDefaults: ReconnectPolicy | null = null;

/** Fills in defaults and rejects nonsense with a `TypeError`. */
export function resolveReconnectPolicy(
  policy: Partial<ReconnectPolicy> | undefined,
): ReconnectPolicy {
  // The common case shares one object: a process may hold thousands of sessions.
  if (policy === undefined) {
    if (sharedDefaults === null || !sameFields(sharedDefaults, defaultReconnectPolicy))
      sharedDefaults = Object.freeze(resolveReconnectPolicy({}));
    return sharedDefaults;
  }
  const resolved = { ...defaultReconnectPolicy, ...policy };
  for (const [key, value] of Object.entries(resolved)) {
    if (
      typeof value !== 'number' ||
      !(value >= 0) ||
      (key !== 'maxAttempts' && !Number.isFinite(value))
    ) {
      throw new TypeError(`reconnect.${key} must be a non-negative number, got ${String(value)}`);
    }
  }
  if (resolved.initialDelayMs > resolved.maxDelayMs) {
    throw new TypeError('reconnect.initialDelayMs must not exceed reconnect.maxDelayMs');
  }
  return resolved;
}

// Field by field over the policy's own keys, so a field added later is compared too.
function sameFields(a: ReconnectPolicy, b: ReconnectPolicy): boolean {
  for (const key in a) {
    const field = key as keyof ReconnectPolicy;
    if (a[field] !== b[field]) return false;
  }
  return true;
}

/**
 * Exponential backoff with full jitter: a uniform draw below
 * `min(maxDelayMs, initialDelayMs * 2^(attempt-1))`. A rate-limited close
 * waits at least the floor, after the jitter, so the floor is never shortened.
 */
export function backoffDelay(
  policy: ReconnectPolicy,
  attempt: number,
  rateLimited: boolean,
  random: () => number,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * cap);
  return rateLimited ? Math.max(jittered, policy.rateLimitFloorMs) : jittered;
}
