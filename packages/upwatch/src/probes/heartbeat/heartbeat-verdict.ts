import type { FailureKind } from '../../core/failure-kinds.js';
import type { HeartbeatLast } from '../../core/heartbeat.js';
import { formatDuration } from '../../core/duration.js';
import { durationText } from '../../config/input-readers.js';
import { nextExpectedAt } from './heartbeat-schedule.js';
import type { HeartbeatSettings } from './heartbeat-settings.js';

export type HeartbeatVerdict = { ok: true } | { ok: false; kind: Extract<FailureKind, `heartbeat_${string}`>; error: string };

const MESSAGE_SHOWN = 300;

/**
 * Whether a job is on time, from its last pings: a reported failure first (until a success
 * follows it), then a run longer than max_runtime, then a missed ping. With no ping yet, the
 * first is due one period after `watchedSince` (when the monitor was created or last changed).
 * @example judgeHeartbeat(settings, { success: null, start: null, fail: null }, createdAt, now)
 */
export function judgeHeartbeat(settings: HeartbeatSettings, last: HeartbeatLast, watchedSince: number, now: number): HeartbeatVerdict {
  const { success, start, fail } = last;
  if (fail && (!success || fail.at >= success.at)) {
    const said = fail.message ? `: ${shorten(fail.message)}` : ' (no message)';
    return { ok: false, kind: 'heartbeat_failed', error: `the job reported a failure at ${utc(fail.at)}${said}` };
  }
  const finishedAt = Math.max(success?.at ?? -Infinity, fail?.at ?? -Infinity);
  if (start && start.at > finishedAt && settings.maxRuntimeMs !== null && now - start.at > settings.maxRuntimeMs) {
    return {
      ok: false,
      kind: 'heartbeat_overrun',
      error: `started at ${utc(start.at)} and not finished after ${formatDuration(now - start.at)} (max_runtime ${durationText(settings.maxRuntimeMs)})`,
    };
  }
  const lastPing = Math.max(finishedAt, start?.at ?? -Infinity);
  const since = Number.isFinite(lastPing) ? lastPing : watchedSince;
  const expected = nextExpectedAt(settings, since, Number.isFinite(lastPing));
  const deadline = expected + settings.graceMs;
  if (now > deadline) {
    const seen = Number.isFinite(lastPing) ? `no ping since ${utc(lastPing)}` : `no ping yet since the monitor started watching at ${utc(watchedSince)}`;
    return { ok: false, kind: 'heartbeat_late', error: `${seen}; expected by ${utc(expected)} (${scheduleText(settings)}, grace ${durationText(settings.graceMs)})` };
  }
  return { ok: true };
}

/** "every 1h" or "cron 0 3 * * * Europe/Berlin". */
export function scheduleText(settings: HeartbeatSettings): string {
  return settings.everyMs !== null ? `every ${durationText(settings.everyMs)}` : `cron ${settings.cron} ${settings.tz ?? 'UTC'}`;
}

function shorten(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > MESSAGE_SHOWN ? `${line.slice(0, MESSAGE_SHOWN)}…` : line;
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} UTC`;
}
