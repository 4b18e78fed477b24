import { DEFAULT_ALERTING, type AlertingPolicy } from '../core/alert-policy.js';
import type { FieldError } from '../core/errors.js';
import { MONITOR_DEFAULTS, type Monitor, type MonitorSpec } from '../core/monitor.js';
import { DEFAULT_KIND, PROBE_KINDS } from '../probes/probe-kinds.js';
import type { ProbeKind } from '../probes/probe-kind.js';
import { formatPath, unknownKeyMessage, type Issue, type Segment } from './field-path.js';
import { applyPatch } from './apply-patch.js';
import { durationText, isPlainObject, readCount, readDuration, type Fail } from './input-readers.js';
import { readTags } from './tags-input.js';
import { COMMON_MONITOR_KEYS, EscalationInputSchema, FlappingInputSchema, MONITOR_LIMITS, type MonitorOutput } from './monitor-input-schema.js';

export {
  MonitorInputSchema,
  MonitorOutputSchema,
  MonitorPatchSchema,
  type MonitorInput,
  type MonitorOutput,
} from './monitor-input-schema.js';

export type ParsedMonitor = { ok: true; spec: MonitorSpec } | { ok: false; errors: FieldError[] };

const COMMON_KEYS = Object.keys(COMMON_MONITOR_KEYS);
const ESCALATION_KEYS = Object.keys(EscalationInputSchema.properties);
const FLAPPING_KEYS = Object.keys(FlappingInputSchema.properties);
const MAX_ALERTING_MS = 30 * 86_400_000;
const UNSAFE_NAME_CHARS = /[/\\?#%]/;
const CONTROL_CHARS = /\p{Cc}/u;

/**
 * Turns a monitor as a person wrote it (config file or API body) into a MonitorSpec, with defaults
 * applied, or lists every problem with its path relative to the monitor (`interval`, `expect.status[1]`).
 * @example parseMonitorInput({ name: 'api', url: 'http://127.0.0.1:8080/health', interval: '30s' })
 */
export function parseMonitorInput(raw: unknown): ParsedMonitor {
  const checked = checkMonitorInput(raw);
  if (checked.ok) return checked;
  return { ok: false, errors: checked.issues.map((i) => ({ path: formatPath(i.at) || '(monitor)', message: i.message })) };
}

/**
 * The same check, with paths as segments so the YAML loader can find the line of each problem.
 * The common keys are read here; the kind named by `type` reads its own.
 * @example checkMonitorInput({ name: 'api' }) // { ok: false, issues: [{ at: ['url'], message: 'is required: …' }] }
 */
export function checkMonitorInput(raw: unknown): { ok: true; spec: MonitorSpec } | { ok: false; issues: Issue[] } {
  if (!isPlainObject(raw)) {
    return { ok: false, issues: [{ at: [], message: `must be a map of monitor keys (${COMMON_KEYS.join(', ')}, and the keys of its type)` }] };
  }
  // Problems are listed in the order people write the keys: name and type, the kind's own keys
  // (url for http), then the schedule and alerting.
  const head: Issue[] = [];
  const own: Issue[] = [];
  const rest: Issue[] = [];
  const failIn = (list: Issue[]): Fail => (at, message) => void list.push({ at, message });
  const kind = readKind(raw.type, failIn(head));
  if (kind === undefined) return { ok: false, issues: head };
  const known = [...COMMON_KEYS.slice(0, 2), ...Object.keys(kind.keys), ...COMMON_KEYS.slice(2)];
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  const issues = unknown.map((key): Issue => ({ at: [key], message: unknownMonitorKey(key, kind, known) }));
  const name = readName(raw.name, failIn(head));
  const fail = failIn(rest);
  const intervalMs = readDuration(raw.interval, ['interval'], fail, {
    fallback: kind.defaults?.intervalMs ?? MONITOR_DEFAULTS.intervalMs,
    min: MONITOR_DEFAULTS.minIntervalMs,
    max: MONITOR_LIMITS.maxIntervalMs,
  });
  const timeoutMs = readDuration(raw.timeout, ['timeout'], fail, { fallback: MONITOR_DEFAULTS.timeoutMs, min: 1, max: MONITOR_LIMITS.maxTimeoutMs });
  const confirm = readCount(raw.confirm, ['confirm'], fail, kind.defaults?.confirm ?? MONITOR_DEFAULTS.confirm, MONITOR_LIMITS.confirm);
  const recover = readCount(raw.recover, ['recover'], fail, MONITOR_DEFAULTS.recover, MONITOR_LIMITS.recover);
  const settings = kind.parse(raw, failIn(own), { timeoutMs, intervalMs });
  const notify = readNotify(raw.notify, fail);
  const tags = readTags(raw.tags, fail);
  const alerting = readAlerting(raw, fail);

  issues.push(...head, ...own, ...rest);
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    spec: {
      name: name!,
      type: kind.type,
      settings,
      intervalMs: intervalMs!,
      timeoutMs: timeoutMs!,
      confirm: confirm!,
      recover: recover!,
      notify: notify!,
      tags: tags!,
      alerting: alerting!,
    },
  };
}

/**
 * A spec in the form people write, durations as text, every key present; what GET returns and
 * POST accepts.
 * @example monitorToOutput(spec).interval // '1m'
 */
export function monitorToOutput(spec: MonitorSpec): MonitorOutput {
  const kind = PROBE_KINDS.get(spec.type);
  return {
    name: spec.name,
    type: spec.type,
    ...kind?.output(spec.settings),
    interval: durationText(spec.intervalMs),
    timeout: durationText(spec.timeoutMs),
    confirm: spec.confirm,
    recover: spec.recover,
    notify: [...spec.notify],
    tags: [...spec.tags],
    remind_every: spec.alerting.remindEveryMs === null ? null : durationText(spec.alerting.remindEveryMs),
    escalate: spec.alerting.escalations.map((e) => ({ after: durationText(e.afterMs), notify: [...e.notify] })),
    flapping: spec.alerting.flapping === null ? false : { changes: spec.alerting.flapping.changes, window: durationText(spec.alerting.flapping.windowMs) },
  };
}

/**
 * The spec as it is stored: values chosen once (a heartbeat's token) are kept from `previous`, the
 * stored version of the same monitor, or generated now.
 * @example prepareSpec(parsed.spec, existing?.spec)
 */
export function prepareSpec(spec: MonitorSpec, previous: MonitorSpec | undefined): MonitorSpec {
  const kind = PROBE_KINDS.get(spec.type);
  if (kind?.prepare === undefined) return spec;
  return { ...spec, settings: kind.prepare(spec.settings, previous?.type === spec.type ? previous.settings : undefined) };
}

/**
 * The value of a monitor that no other monitor of its kind may share (a heartbeat's ping token).
 * @example uniqueValueOf(spec) // { key: 'token', value: '9f3c1a' }
 */
export function uniqueValueOf(spec: MonitorSpec): { key: string; value: string } | null {
  return PROBE_KINDS.get(spec.type)?.uniqueValue?.(spec.settings) ?? null;
}

/**
 * The first monitor of `others` (not `self`) of the same kind that has the same unique value.
 * @example sharedUniqueValue(spec, 'id-1', await store.listMonitors())
 */
export function sharedUniqueValue(spec: MonitorSpec, selfId: string | null, others: readonly Monitor[]): { key: string; with: string } | null {
  const mine = uniqueValueOf(spec);
  if (mine === null) return null;
  for (const other of others) {
    if (other.id === selfId || other.spec.type !== spec.type) continue;
    const theirs = uniqueValueOf(other.spec);
    if (theirs !== null && theirs.key === mine.key && theirs.value === mine.value) return { key: mine.key, with: other.spec.name };
  }
  return null;
}

/**
 * What the monitor watches and what is risky about how it is set up, as the API shows them.
 * @example monitorNotes(spec) // { target: 'GET https://example.com/', warnings: [] }
 */
export function monitorNotes(spec: MonitorSpec): { target: string; warnings: string[] } {
  const kind = PROBE_KINDS.get(spec.type);
  if (kind === undefined) return { target: `${spec.type} ${spec.name}`, warnings: [`this version of upwatch has no "${spec.type}" monitors`] };
  return { target: kind.describe(spec.settings).target, warnings: kind.warnings?.(spec.settings) ?? [] };
}

/**
 * Applies a PATCH body to a monitor: keys overlay the current values (maps such as `expect` key
 * by key), and `null` on an optional key puts it back to its default. A new `type` starts from the
 * common keys alone, since the old kind's keys mean nothing to the new one, and with the new kind's
 * interval and confirm unless the patch gives them. The result is checked
 * like a new monitor.
 * @example mergeMonitorPatch(spec, { interval: '30s', expect: { body_contains: null } })
 */
export function mergeMonitorPatch(current: MonitorSpec, patch: unknown): ParsedMonitor {
  if (!isPlainObject(patch)) return { ok: false, errors: [{ path: '(monitor)', message: 'must be a map of the monitor keys to change' }] };
  const output: Record<string, unknown> = { ...monitorToOutput(current) };
  const typeChanges = typeof patch.type === 'string' && patch.type !== current.type;
  // Interval and confirm have defaults of each kind's own (a heartbeat is judged every 30 s, never
  // re-checked): on a new type they take the new kind's, unless the patch sets them.
  const kept = COMMON_KEYS.filter((key) => key !== 'interval' && key !== 'confirm');
  const merged = typeChanges ? Object.fromEntries(Object.entries(output).filter(([key]) => kept.includes(key))) : output;
  // `flapping` is false or a whole map: sent as a map, it replaces the one there.
  applyPatch(merged, patch, ['flapping']);
  return parseMonitorInput(merged);
}

function readKind(value: unknown, fail: Fail): ProbeKind | undefined {
  const types = [...PROBE_KINDS.keys()];
  if (value === undefined || value === null) return PROBE_KINDS.get(DEFAULT_KIND);
  const kind = typeof value === 'string' ? PROBE_KINDS.get(value.trim().toLowerCase()) : undefined;
  if (kind === undefined) return void fail(['type'], `must be one of ${types.join(', ')}`);
  return kind;
}

/** Names the kind a key belongs to when it is another kind's, the likely typo otherwise. */
function unknownMonitorKey(key: string, kind: ProbeKind, known: string[]): string {
  const owners = [...PROBE_KINDS.values()].filter((k) => k !== kind && key in k.keys).map((k) => k.type);
  const a = /^[aeiou]/i.test(kind.type) ? 'an' : 'a';
  if (owners.length > 0) return `"${key}" is a key of ${owners.join(' and ')} monitors, not of ${a} ${kind.type} monitor: set type: ${owners[0]} to use it`;
  return unknownKeyMessage(key, known, 'monitor');
}

function readName(value: unknown, fail: Fail): string | undefined {
  const at = ['name'];
  if (value === undefined || value === null) return void fail(at, 'is required: every monitor needs a unique name');
  if (typeof value !== 'string') return void fail(at, 'must be text; put it in quotes');
  if (value.trim() === '') return void fail(at, 'must not be empty');
  if (value !== value.trim()) return void fail(at, 'must not start or end with spaces');
  if (value.length > MONITOR_LIMITS.nameMaxLength) return void fail(at, `must be at most ${MONITOR_LIMITS.nameMaxLength} characters long`);
  if (CONTROL_CHARS.test(value)) return void fail(at, 'must not contain line breaks or control characters');
  if (UNSAFE_NAME_CHARS.test(value)) return void fail(at, 'must not contain / \\ ? # or % (names are used in URLs)');
  return value;
}

function readNotify(value: unknown, fail: Fail): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return void fail(['notify'], 'must be a list of notifier names, such as [ops]');
  const names: string[] = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    const problem =
      typeof item !== 'string' || item.trim() === ''
        ? 'must be the name of a notifier'
        : names.includes(item)
          ? `"${item}" is listed twice`
          : undefined;
    if (problem !== undefined) {
      fail(['notify', i], problem);
      ok = false;
    } else names.push(item as string);
  });
  return ok ? names : undefined;
}

/** remind_every, escalate and flapping: what is worth telling while an outage lasts. */
function readAlerting(raw: Record<string, unknown>, fail: Fail): AlertingPolicy | undefined {
  let ok = true;
  const failHere: Fail = (at, message) => {
    ok = false;
    fail(at, message);
  };
  const range = { min: 60_000, max: MAX_ALERTING_MS };
  const remindEveryMs = readDuration(raw.remind_every, ['remind_every'], failHere, { fallback: null, ...range });
  const escalations: AlertingPolicy['escalations'] = [];
  if (raw.escalate !== undefined && raw.escalate !== null) {
    if (!Array.isArray(raw.escalate)) failHere(['escalate'], 'must be a list of steps, such as [{ after: 15m, notify: [oncall] }]');
    else
      raw.escalate.forEach((step: unknown, i) => {
        const at = ['escalate', i];
        if (!isPlainObject(step)) return failHere(at, 'must be a map with after and notify, such as { after: 15m, notify: [oncall] }');
        for (const key of Object.keys(step)) if (!ESCALATION_KEYS.includes(key)) failHere([...at, key], unknownKeyMessage(key, ESCALATION_KEYS, 'escalation'));
        const afterMs = readDuration(step.after, [...at, 'after'], failHere, { fallback: null, min: 1_000, max: MAX_ALERTING_MS });
        if (afterMs === null) failHere([...at, 'after'], 'is required: how long the outage must last, such as 15m');
        const notify = readNotify(step.notify, (p, m) => failHere([...at, ...p], m));
        if (notify !== undefined && notify.length === 0) failHere([...at, 'notify'], 'is required: the notifiers to tell, such as [oncall]');
        const previous = escalations[escalations.length - 1];
        if (typeof afterMs === 'number' && previous && afterMs <= previous.afterMs) failHere([...at, 'after'], 'must be longer than the step before it');
        if (typeof afterMs === 'number' && notify) escalations.push({ afterMs, notify });
      });
  }
  let flapping: AlertingPolicy['flapping'] = DEFAULT_ALERTING.flapping;
  if (raw.flapping === false) flapping = null;
  else if (raw.flapping !== undefined && raw.flapping !== null) {
    const value = raw.flapping;
    if (!isPlainObject(value)) failHere(['flapping'], 'must be false, or a map such as { changes: 5, window: 1h }');
    else {
      for (const key of Object.keys(value)) if (!FLAPPING_KEYS.includes(key)) failHere(['flapping', key], unknownKeyMessage(key, FLAPPING_KEYS, 'flapping'));
      const changes = readCount(value.changes, ['flapping', 'changes'], failHere, DEFAULT_ALERTING.flapping!.changes, { min: 2, max: 100 });
      const windowMs = readDuration(value.window, ['flapping', 'window'], failHere, { fallback: DEFAULT_ALERTING.flapping!.windowMs, ...range });
      if (changes !== undefined && typeof windowMs === 'number') flapping = { changes, windowMs };
    }
  }
  if (!ok || remindEveryMs === undefined) return undefined;
  return { remindEveryMs, escalations, flapping };
}
