import { Cron } from 'croner';
import { formatDuration, parseDuration } from '../core/duration.js';
import { compileWindow, type MaintenanceWindow } from '../core/maintenance.js';
import { formatPath, unknownKeyMessage, type Segment } from './field-path.js';

type Fail = (at: Segment[], message: string) => void;

const WINDOW_KEYS = ['name', 'monitors', 'start', 'end', 'cron', 'tz', 'duration'];
const MAX_DURATION_MS = 31 * 86_400_000;

/**
 * `maintenance:` in the config file: a list of windows, each one-off (`start` and `end`, ISO 8601
 * with an offset) or recurring (`cron` with `tz` and `duration`).
 * @example readMaintenance([{ name: 'db', cron: '0 3 * * SUN', tz: 'Europe/Berlin', duration: '1h', monitors: ['db'] }], fail)
 */
export function readMaintenance(raw: unknown, fail: Fail): MaintenanceWindow[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    fail(['maintenance'], 'must be a list of windows, each starting with "- name:"');
    return [];
  }
  const windows: MaintenanceWindow[] = [];
  const names = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const at: Segment[] = ['maintenance', i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(at, 'must be a map with a name and either start/end or cron/tz/duration');
    const entry = item as Record<string, unknown>;
    let ok = true;
    const failHere: Fail = (path, message) => {
      ok = false;
      fail([...at, ...path], message);
    };
    for (const key of Object.keys(entry)) if (!WINDOW_KEYS.includes(key)) failHere([key], unknownKeyMessage(key, WINDOW_KEYS, 'maintenance window'));
    const name = typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : undefined;
    if (name === undefined) failHere(['name'], 'is required: a name for the window, such as weekly-db');
    else if (names.has(name)) failHere(['name'], `"${name}" is already the name of another window`);
    else names.add(name);
    const monitors = readMonitorNames(entry.monitors, failHere);

    const once = entry.start !== undefined || entry.end !== undefined;
    const recurring = entry.cron !== undefined;
    let schedule: MaintenanceWindow['schedule'] | undefined;
    if (once && recurring) failHere([], 'has both start/end and cron: a window is either one-off or recurring');
    else if (once) {
      const startsAt = readInstant(entry.start, ['start'], failHere);
      const endsAt = readInstant(entry.end, ['end'], failHere);
      if (startsAt !== undefined && endsAt !== undefined) {
        if (endsAt <= startsAt) failHere(['end'], 'must be after start');
        else schedule = { type: 'once', startsAt, endsAt };
      }
    } else if (recurring) {
      const cron = typeof entry.cron === 'string' ? entry.cron.trim() : undefined;
      if (cron === undefined) failHere(['cron'], 'must be a cron expression in quotes, such as "0 3 * * SUN"');
      const timezone = entry.tz === undefined ? 'UTC' : typeof entry.tz === 'string' ? entry.tz.trim() : undefined;
      if (timezone === undefined) failHere(['tz'], 'must be a time zone name such as Europe/Berlin');
      const durationMs = typeof entry.duration === 'string' ? parseDuration(entry.duration) : undefined;
      if (durationMs === undefined || durationMs <= 0 || durationMs > MAX_DURATION_MS) {
        failHere(['duration'], entry.duration === undefined ? 'is required for a recurring window: how long each one lasts, such as 1h' : 'must be a duration such as 30m or 2h, at most 31d');
      }
      if (cron !== undefined && timezone !== undefined && durationMs !== undefined) {
        schedule = { type: 'recurring', cron, timezone, durationMs };
        const problem = compileProblem({ name: name ?? '', monitors, schedule });
        if (problem) failHere(problem.key === 'tz' ? ['tz'] : ['cron'], problem.message);
      }
    } else failHere([], 'needs either start and end (a one-off window) or cron, tz and duration (a recurring one)');

    if (ok && name !== undefined && schedule !== undefined) windows.push({ name, monitors, schedule });
  });
  return windows;
}

/**
 * One window as the API receives it (the same keys as in the config file), or its problems with
 * paths relative to the window (`cron`, `monitors`).
 * @example parseMaintenanceInput({ name: 'db', cron: '0 3 * * SUN', tz: 'UTC', duration: '1h' })
 */
export function parseMaintenanceInput(raw: unknown): { ok: true; window: MaintenanceWindow } | { ok: false; errors: Array<{ path: string; message: string }> } {
  const errors: Array<{ path: string; message: string }> = [];
  const [window] = readMaintenance([raw], (at, message) => errors.push({ path: formatPath(at.slice(2)) || '(window)', message }));
  if (errors.length > 0 || window === undefined) return { ok: false, errors: errors.length > 0 ? errors : [{ path: '(window)', message: 'is not a valid window' }] };
  return { ok: true, window };
}

/** A window in the form people write it: what GET returns and POST accepts. */
export function maintenanceToOutput(window: MaintenanceWindow): Record<string, unknown> {
  const schedule = window.schedule;
  const base = { name: window.name, monitors: window.monitors };
  return schedule.type === 'once'
    ? { ...base, start: new Date(schedule.startsAt).toISOString(), end: new Date(schedule.endsAt).toISOString() }
    : { ...base, cron: schedule.cron, tz: schedule.timezone, duration: formatDuration(schedule.durationMs) };
}

function readMonitorNames(value: unknown, fail: Fail): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    fail(['monitors'], 'must be a list of monitor names, such as [api, db]; leave it out to cover every monitor');
    return null;
  }
  return value as string[];
}

function readInstant(value: unknown, at: Segment[], fail: Fail): number | undefined {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : undefined;
  // An offset is required: "22:00" alone would silently mean the server's zone.
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    fail(at, 'must be a date and time with its offset, such as 2026-12-01T22:00:00Z or 2026-12-01T23:00:00+01:00');
    return undefined;
  }
  const ms = Date.parse(text);
  // Date.parse rolls 30 February over into March; the day written must exist in its month.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const exists = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
  if (Number.isNaN(ms) || !exists) {
    fail(at, 'is not a real date and time');
    return undefined;
  }
  return ms;
}

function compileProblem(window: MaintenanceWindow): { key: 'cron' | 'tz'; message: string } | undefined {
  if (window.schedule.type === 'recurring') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: window.schedule.timezone });
    } catch {
      return { key: 'tz', message: `"${window.schedule.timezone}" is not a time zone; use a name such as Europe/Berlin or UTC` };
    }
  }
  try {
    compileWindow(window).openAt(Date.now());
    if (window.schedule.type === 'recurring' && new Cron(window.schedule.cron, { timezone: window.schedule.timezone, paused: true }).nextRun() === null) {
      return { key: 'cron', message: 'never matches a date (such as the 31st of April): the window would never open' };
    }
  } catch (err) {
    return { key: 'cron', message: `is not a valid cron expression: ${err instanceof Error ? err.message : String(err)}` };
  }
  return undefined;
}
