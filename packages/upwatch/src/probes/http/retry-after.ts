import { retryAfterMs } from '@upwatch/fetch';

/** Longer waits are read as this: no server means it, and no schedule could honour it. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * A Retry-After header (delay in seconds, or an HTTP date) as milliseconds from `now`, at most a
 * day; null when absent or unreadable. A date in the past means "now": 0. The reading itself is
 * @upwatch/fetch's, so the probe and the alert deliveries agree on what a server asked for.
 * @example parseRetryAfter('120', Date.now()) // 120000
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  const ms = retryAfterMs(text ?? null, now);
  return ms === undefined ? null : Math.min(ms, MAX_RETRY_AFTER_MS);
}
