/** Longer waits are read as this: no server means it, and no schedule could honour it. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * A Retry-After header (delay in seconds, or an HTTP date) as milliseconds from `now`, at most a
 * day; null when absent or unreadable. A date in the past means "now": 0.
 * @example parseRetryAfter('120', Date.now()) // 120000
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return null;
  if (/^\d{1,12}$/.test(text)) return Math.min(Number(text) * 1_000, MAX_RETRY_AFTER_MS);
  if (/^\d+$/.test(text)) return MAX_RETRY_AFTER_MS;
  // Only IMF-fixdate, the one date form senders must use (RFC 9110); Date.parse alone takes far more.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}
