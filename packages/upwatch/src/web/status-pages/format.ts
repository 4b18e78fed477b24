// How figures read on a public status page: dates in UTC (the bars are UTC days), so every visitor
// sees the same day whatever their time zone.

const DATE = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "Mar 4, 2026". */
export function formatDay(ms: number): string {
  return DATE.format(ms);
}

/** "Mar 4, 2026, 10:02 UTC". */
export function formatDateTime(ms: number): string {
  return `${DATE.format(ms)}, ${TIME.format(ms)} UTC`;
}

/** "10:02 UTC". */
export function formatTime(ms: number): string {
  return `${TIME.format(ms)} UTC`;
}

/**
 * An uptime as people read it: never rounded up to a perfect figure it did not reach.
 * @example formatUptime(99.9951) // '99.99%'; formatUptime(100) // '100%'; formatUptime(null) // 'no data'
 */
export function formatUptime(uptime: number | null): string {
  if (uptime === null) return 'no data';
  return uptime >= 100 ? '100%' : `${(Math.floor(uptime * 100) / 100).toFixed(2)}%`;
}

/**
 * A length of time in its two largest units.
 * @example formatDuration(3_725_000) // '1 h 2 min'; formatDuration(42_000) // '42 s'
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/**
 * A count with thousands separators. By hand: toLocaleString costs a microsecond or more a call,
 * and a page of 100 monitors makes 9,000 of them.
 * @example formatCount(1440) // '1,440'
 */
export function formatCount(n: number): string {
  return n < 1000 ? String(n) : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A UTC day as an ISO date: "2026-03-04". */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
