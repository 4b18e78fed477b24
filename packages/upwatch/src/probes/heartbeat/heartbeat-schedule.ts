import { Cron } from 'croner';
import type { HeartbeatSettings } from './heartbeat-settings.js';

const compiled = new Map<string, Cron>();

/**
 * When the job is next expected after `since` (its last ping, or when watching started): a period
 * after it, or the next time of the cron expression. For cron, a ping up to `grace` early counts
 * for the run it precedes (`pinged`), so a job whose clock runs a little fast is not late the
 * whole next period; with no ping yet, the first run after `since` is the one expected.
 * @example nextExpectedAt({ everyMs: 3_600_000, … }, t, true) // t + 1 h
 */
export function nextExpectedAt(settings: HeartbeatSettings, since: number, pinged: boolean): number {
  if (settings.everyMs !== null) return since + settings.everyMs;
  const next = cronOf(settings.cron!, settings.tz ?? 'UTC').nextRun(new Date(since + (pinged ? settings.graceMs : 0)));
  // A cron expression that never matches again is refused when parsed; stay safe if one slips by.
  return next === null ? Number.POSITIVE_INFINITY : next.getTime();
}

/** Null when the expression and time zone are valid and match some date; otherwise what is wrong, per key. */
export function scheduleProblem(cron: string, tz: string): { key: 'cron' | 'tz'; message: string } | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    return { key: 'tz', message: `"${tz}" is not a time zone; use a name such as Europe/Berlin or UTC` };
  }
  try {
    if (cronOf(cron, tz).nextRun() === null) return { key: 'cron', message: 'never matches a date (such as the 31st of April)' };
  } catch (err) {
    return { key: 'cron', message: `is not a valid cron expression: ${err instanceof Error ? err.message : String(err)}` };
  }
  return null;
}

// Expressions come from the API too: keep the cache bounded (a miss only costs a parse).
const MAX_COMPILED = 1_000;

function cronOf(expression: string, tz: string): Cron {
  const key = `${tz}\n${expression}`;
  let cron = compiled.get(key);
  if (cron === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    cron = new Cron(expression, { timezone: tz, paused: true });
    compiled.set(key, cron);
  }
  return cron;
}
