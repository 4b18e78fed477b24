const MIN_BACKOFF_MS = 500;

/**
 * The wait before an alert's next attempt: full jitter over 1 s, 2 s, 4 s … (a random wait up to
 * the exponential one, capped at `maxBackoffMs`), so that after an outage of a shared receiver the
 * alerts of many monitors come back spread out rather than in waves. Never under half a second,
 * and never sooner than the receiver's Retry-After (itself capped).
 * @example outboxBackoffMs(3, undefined, Math.random, 300_000) // between 500 and 4000
 */
export function outboxBackoffMs(attempt: number, retryAfterMs: number | undefined, random: () => number, maxBackoffMs: number): number {
  const ceiling = Math.min(1_000 * 2 ** (attempt - 1), maxBackoffMs);
  const jittered = Math.max(MIN_BACKOFF_MS, random() * ceiling);
  return Math.round(Math.min(Math.max(jittered, retryAfterMs ?? 0), maxBackoffMs));
}
