import { Type } from '@sinclair/typebox';
import { durationText, readDuration, tracking, type Fail } from '../../config/input-readers.js';
import { HEARTBEAT_DEFAULTS, type HeartbeatSettings } from './heartbeat-settings.js';
import { scheduleProblem } from './heartbeat-schedule.js';

/** The keys of a heartbeat monitor, as people write them in YAML and JSON. */

const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+$';
// At most 100: the router refuses longer path parameters, so a longer token could never be pinged.
const TOKEN = /^[A-Za-z0-9_-]{6,100}$/;
const MAX_PERIOD_MS = 366 * 86_400_000;

export const HEARTBEAT_KEYS = {
  token: Type.Optional(
    Type.Union([Type.String({ pattern: TOKEN.source, description: 'The secret in the ping URL: 6 to 100 letters, digits, - or _. Generated when absent.' }), Type.Null()]),
  ),
  every: Type.Optional(Type.Union([Type.String({ pattern: DURATION_PATTERN, description: 'The job pings at least this often, such as 1h or 1d.' }), Type.Null()])),
  cron: Type.Optional(Type.Union([Type.String({ description: 'Or: the job runs on this cron schedule, such as "0 3 * * *".' }), Type.Null()])),
  tz: Type.Optional(Type.Union([Type.String({ description: 'The time zone of cron, such as Europe/Berlin. Default UTC.' }), Type.Null()])),
  grace: Type.Optional(Type.Union([Type.String({ pattern: DURATION_PATTERN, description: 'How late a ping may be. Default 5m.' }), Type.Null()])),
  max_runtime: Type.Optional(
    Type.Union([Type.String({ pattern: DURATION_PATTERN, description: 'A /start with no finish within this time is a failure. Default: no limit.' }), Type.Null()]),
  ),
};

/**
 * A heartbeat monitor's keys → its settings. The token stays null when absent; one is generated
 * when the monitor is stored (see heartbeat-kind.ts).
 * @example parseHeartbeatInput({ every: '1d', grace: '30m' }, fail)
 */
export function parseHeartbeatInput(raw: Readonly<Record<string, unknown>>, fail: Fail): HeartbeatSettings | undefined {
  const t = tracking(fail);
  const token = readToken(raw.token, t.fail);
  const everyMs = readDuration(raw.every, ['every'], t.fail, { fallback: null, min: 1_000, max: MAX_PERIOD_MS });
  const cron = raw.cron === undefined || raw.cron === null ? null : typeof raw.cron === 'string' && raw.cron.trim() !== '' ? raw.cron.trim() : undefined;
  if (cron === undefined) t.fail(['cron'], 'must be a cron expression in quotes, such as "0 3 * * *"');
  const tz = raw.tz === undefined || raw.tz === null ? null : typeof raw.tz === 'string' ? raw.tz.trim() : undefined;
  if (tz === undefined) t.fail(['tz'], 'must be a time zone name such as Europe/Berlin');
  const graceMs = readDuration(raw.grace, ['grace'], t.fail, { fallback: HEARTBEAT_DEFAULTS.graceMs, min: 1_000, max: MAX_PERIOD_MS });
  const maxRuntimeMs = readDuration(raw.max_runtime, ['max_runtime'], t.fail, { fallback: null, min: 1_000, max: MAX_PERIOD_MS });

  if (everyMs !== undefined && cron !== undefined) {
    if (everyMs === null && cron === null) t.fail(['every'], 'is required: how often the job pings, such as every: 1h (or a cron: schedule)');
    if (everyMs !== null && cron !== null) t.fail(['cron'], 'cannot go with every: give the schedule as one or the other');
  }
  if (tz !== null && tz !== undefined && cron === null && everyMs !== undefined) t.fail(['tz'], 'goes with cron: a period (every) has no time zone');
  if (typeof cron === 'string' && tz !== undefined) {
    const problem = scheduleProblem(cron, tz ?? 'UTC');
    if (problem) t.fail([problem.key], problem.message);
  }
  if (t.failed()) return undefined;
  return { token: token ?? null, everyMs: everyMs ?? null, cron: cron ?? null, tz: cron === null ? null : (tz ?? 'UTC'), graceMs: graceMs!, maxRuntimeMs: maxRuntimeMs ?? null };
}

/** Settings → the keys as people write them. */
export function heartbeatOutput(settings: HeartbeatSettings): Record<string, unknown> {
  return {
    token: settings.token,
    every: settings.everyMs === null ? null : durationText(settings.everyMs),
    cron: settings.cron,
    tz: settings.tz,
    grace: durationText(settings.graceMs),
    max_runtime: settings.maxRuntimeMs === null ? null : durationText(settings.maxRuntimeMs),
  };
}

function readToken(value: unknown, fail: Fail): string | null | undefined {
  if (value === undefined || value === null) return null;
  // YAML reads `token: 123456` as a number; a token is text either way.
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !TOKEN.test(text)) return void fail(['token'], 'must be 6 to 100 letters, digits, - or _ (it goes into the ping URL)');
  return text;
}
