import { formatDuration, parseDuration } from '../core/duration.js';
import type { FieldError } from '../core/errors.js';
import { DEFAULT_ALERTING, type AlertingPolicy } from '../core/alert-policy.js';
import { MONITOR_DEFAULTS, NO_EXPECTATIONS, parseStatusRule, type HttpExpectations, type JsonCondition, type MonitorSpec } from '../core/monitor.js';
import { parseJsonPath } from '../core/json-path.js';
import { formatPath, unknownKeyMessage, type Issue, type Segment } from './field-path.js';
import { EscalationInputSchema, ExpectInputSchema, FlappingInputSchema, HTTP_METHODS, MONITOR_LIMITS, MonitorInputSchema, type MonitorOutput } from './monitor-input-schema.js';

export {
  ExpectInputSchema,
  MonitorInputSchema,
  MonitorOutputSchema,
  MonitorPatchSchema,
  type MonitorInput,
  type MonitorOutput,
} from './monitor-input-schema.js';

export type ParsedMonitor = { ok: true; spec: MonitorSpec } | { ok: false; errors: FieldError[] };

const MONITOR_KEYS = Object.keys(MonitorInputSchema.properties);
const EXPECT_KEYS = Object.keys(ExpectInputSchema.properties);
const ESCALATION_KEYS = Object.keys(EscalationInputSchema.properties);
const FLAPPING_KEYS = Object.keys(FlappingInputSchema.properties);
const MAX_ALERTING_MS = 30 * 86_400_000;
const DURATION_HINT = 'must be a duration such as 30s, 5m or 1h';
const STATUS_HINT = 'must be a status code such as 200, or a range such as "2xx" or "200-299"';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
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
 * @example checkMonitorInput({ name: 'api' }) // { ok: false, issues: [{ at: ['url'], message: 'is required: …' }] }
 */
export function checkMonitorInput(raw: unknown): { ok: true; spec: MonitorSpec } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const fail = (at: Segment[], message: string) => void issues.push({ at, message });
  if (!isPlainObject(raw)) {
    return { ok: false, issues: [{ at: [], message: `must be a map of monitor keys (${MONITOR_KEYS.join(', ')})` }] };
  }
  for (const key of Object.keys(raw)) {
    if (!MONITOR_KEYS.includes(key)) fail([key], unknownKeyMessage(key, MONITOR_KEYS, 'monitor'));
  }

  const name = readName(raw.name, fail);
  const type = raw.type ?? 'http';
  if (type !== 'http') fail(['type'], 'must be "http" (the only monitor type so far)');
  const url = readUrl(raw.url, fail);
  const method = readMethod(raw.method, fail);
  const headers = readHeaders(raw.headers, fail);
  const body = readText(raw.body, ['body'], fail, 'must be text or null; to send JSON, write it as a string');
  const intervalMs = readDuration(raw.interval, ['interval'], fail, { fallback: MONITOR_DEFAULTS.intervalMs, min: MONITOR_DEFAULTS.minIntervalMs, max: MONITOR_LIMITS.maxIntervalMs });
  const timeoutMs = readDuration(raw.timeout, ['timeout'], fail, { fallback: MONITOR_DEFAULTS.timeoutMs, min: 1, max: MONITOR_LIMITS.maxTimeoutMs });
  const confirm = readCount(raw.confirm, ['confirm'], fail, MONITOR_DEFAULTS.confirm, MONITOR_LIMITS.confirm);
  const recover = readCount(raw.recover, ['recover'], fail, MONITOR_DEFAULTS.recover, MONITOR_LIMITS.recover);
  const expect = readExpect(raw.expect, fail, timeoutMs);
  const notify = readNotify(raw.notify, fail);
  const alerting = readAlerting(raw, fail);

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    spec: {
      name: name!,
      type: 'http',
      url: url!,
      method: method!,
      headers: headers!,
      body: body ?? null,
      intervalMs: intervalMs!,
      timeoutMs: timeoutMs!,
      confirm: confirm!,
      recover: recover!,
      expect: expect!,
      notify: notify!,
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
  return {
    name: spec.name,
    type: spec.type,
    url: spec.url,
    method: spec.method,
    headers: { ...spec.headers },
    body: spec.body,
    interval: durationText(spec.intervalMs),
    timeout: durationText(spec.timeoutMs),
    confirm: spec.confirm,
    recover: spec.recover,
    expect: {
      status: [...spec.expect.status],
      body_contains: spec.expect.bodyContains,
      max_response_time: spec.expect.maxResponseTimeMs === null ? null : durationText(spec.expect.maxResponseTimeMs),
      body_not_contains: spec.expect.bodyNotContains,
      body_matches: spec.expect.bodyMatches,
      headers: { ...spec.expect.headers },
      json: Object.fromEntries(spec.expect.json.map((c) => [c.path, c.op === '==' ? c.value : `${c.op} ${c.value}`])),
    },
    notify: [...spec.notify],
    remind_every: spec.alerting.remindEveryMs === null ? null : durationText(spec.alerting.remindEveryMs),
    escalate: spec.alerting.escalations.map((e) => ({ after: durationText(e.afterMs), notify: [...e.notify] })),
    flapping: spec.alerting.flapping === null ? false : { changes: spec.alerting.flapping.changes, window: durationText(spec.alerting.flapping.windowMs) },
  };
}

/**
 * Applies a PATCH body to a monitor: keys overlay the current values (`expect` key by key), and
 * `null` on an optional key puts it back to its default. The result is checked like a new monitor.
 * @example mergeMonitorPatch(spec, { interval: '30s', expect: { body_contains: null } })
 */
export function mergeMonitorPatch(current: MonitorSpec, patch: unknown): ParsedMonitor {
  if (!isPlainObject(patch)) return { ok: false, errors: [{ path: '(monitor)', message: 'must be a map of the monitor keys to change' }] };
  const merged: Record<string, unknown> = { ...monitorToOutput(current) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete merged[key];
    else if (key === 'expect' && isPlainObject(value)) merged.expect = overlay(merged.expect as Record<string, unknown>, value);
    else merged[key] = value;
  }
  return parseMonitorInput(merged);
}

function overlay(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** formatDuration rounds to whole seconds above 1s; fall back to milliseconds so a round trip never changes the value. */
function durationText(ms: number): string {
  const text = formatDuration(ms);
  return parseDuration(text) === ms ? text : `${ms}ms`;
}

type Fail = (at: Segment[], message: string) => void;

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

function readUrl(value: unknown, fail: Fail): string | undefined {
  const at = ['url'];
  const example = 'such as https://example.com/health';
  if (value === undefined || value === null) return void fail(at, `is required: the http:// or https:// address to check, ${example}`);
  if (typeof value !== 'string') return void fail(at, `must be a URL ${example}`);
  const text = value.trim();
  // `example.com/health` or `127.0.0.1:8080` are the usual slips; say what is missing rather than "invalid".
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return void fail(at, `must start with http:// or https://, ${example}`);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return void fail(at, `is not a valid URL; write it in full, ${example}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return void fail(at, `must start with http:// or https://`);
  if (parsed.hostname === '') return void fail(at, `must name a host, ${example}`);
  return text;
}

function readMethod(value: unknown, fail: Fail): string | undefined {
  if (value === undefined || value === null) return MONITOR_DEFAULTS.method;
  const method = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  if (method === undefined || !(HTTP_METHODS as readonly string[]).includes(method)) {
    return void fail(['method'], `must be one of ${HTTP_METHODS.join(', ')}`);
  }
  return method;
}

function readHeaders(value: unknown, fail: Fail): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) return void fail(['headers'], 'must be a map of header names to values, such as { Authorization: "Bearer …" }');
  const headers: Record<string, string> = {};
  const seen = new Map<string, string>();
  let ok = true;
  for (const [key, v] of Object.entries(value)) {
    const at = ['headers', key];
    const problem = !HEADER_NAME.test(key)
      ? 'is not a valid header name (letters, digits and - only, no spaces or colons)'
      : seen.has(key.toLowerCase())
        ? `repeats header "${seen.get(key.toLowerCase())}" (header names ignore case)`
        : typeof v !== 'string'
          ? 'must be text; put the value in quotes'
          : /[\r\n\0]/.test(v)
            ? 'must not contain line breaks'
            : undefined;
    seen.set(key.toLowerCase(), key);
    if (problem !== undefined) {
      fail(at, problem);
      ok = false;
    } else headers[key] = v as string;
  }
  return ok ? headers : undefined;
}

function readText(value: unknown, at: Segment[], fail: Fail, message: string): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return void fail(at, message);
  return value;
}

interface DurationRule {
  fallback: number | null;
  min: number;
  max: number;
}

function readDuration(value: unknown, at: Segment[], fail: Fail, rule: DurationRule): number | null | undefined {
  if (value === undefined || value === null) return rule.fallback;
  if (typeof value === 'number') {
    // A bare number is the classic mistake; say which unit to add rather than guessing it.
    return void fail(at, `${DURATION_HINT}; a bare number has no unit: write ${value}s for ${value} seconds or ${value}ms for milliseconds`);
  }
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) return void fail(at, DURATION_HINT);
  if (ms < rule.min) return void fail(at, rule.min <= 1 ? 'must be longer than 0' : `must be at least ${formatDuration(rule.min)}`);
  if (ms > rule.max) return void fail(at, `must be at most ${formatDuration(rule.max)}`);
  return ms;
}

function readCount(value: unknown, at: Segment[], fail: Fail, fallback: number, range: { min: number; max: number }): number | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) return value;
  const quoted = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? ', without quotes' : '';
  return void fail(at, `must be a whole number from ${range.min} to ${range.max}${quoted}`);
}

function readExpect(value: unknown, fail: Fail, timeoutMs: number | null | undefined): HttpExpectations | undefined {
  const none: HttpExpectations = { ...NO_EXPECTATIONS };
  if (value === undefined || value === null) return none;
  if (!isPlainObject(value)) return void fail(['expect'], `must be a map with ${EXPECT_KEYS.join(', ')}`);
  let ok = true;
  const failHere: Fail = (at, message) => {
    ok = false;
    fail(['expect', ...at], message);
  };
  for (const key of Object.keys(value)) {
    if (!EXPECT_KEYS.includes(key)) failHere([key], unknownKeyMessage(key, EXPECT_KEYS, 'expect'));
  }
  const status = readStatusList(value.status, failHere);
  const bodyContains = readText(value.body_contains, ['body_contains'], failHere, 'must be the text the body must contain');
  const max = readDuration(value.max_response_time, ['max_response_time'], failHere, { fallback: null, min: 1, max: MONITOR_LIMITS.maxTimeoutMs });
  if (typeof max === 'number' && typeof timeoutMs === 'number' && max >= timeoutMs) {
    failHere(['max_response_time'], `must be shorter than timeout (${formatDuration(timeoutMs)}), or a slow answer times out before it counts as degraded`);
  }
  const bodyNotContains = readText(value.body_not_contains, ['body_not_contains'], failHere, 'must be the text the body must not contain');
  const bodyMatches = readRegex(value.body_matches, failHere);
  const headers = readHeaderConditions(value.headers, failHere);
  const json = readJsonConditions(value.json, failHere);
  if (!ok) return undefined;
  // An empty text is found in every body: it is the same as no check (and, negated, a check that always fails).
  if (bodyNotContains === '') return void fail(['expect', 'body_not_contains'], 'must not be empty: every body contains the empty text');
  return {
    status: status!,
    bodyContains: bodyContains === '' ? null : (bodyContains ?? null),
    maxResponseTimeMs: max ?? null,
    bodyNotContains: bodyNotContains ?? null,
    bodyMatches: bodyMatches ?? null,
    headers: headers ?? {},
    json: json ?? [],
  };
}

function readRegex(value: unknown, fail: Fail): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') return void fail(['body_matches'], 'must be a regular expression such as "\\"status\\":\\s*\\"ok\\""');
  try {
    new RegExp(value);
  } catch (err) {
    return void fail(['body_matches'], `is not a valid regular expression: ${err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err)}`);
  }
  return value;
}

function readHeaderConditions(value: unknown, fail: Fail): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) return void fail(['headers'], 'must be a map of header names to the text each must contain, such as { content-type: application/json }');
  const conditions: Record<string, string> = {};
  let ok = true;
  for (const [name, text] of Object.entries(value)) {
    if (!HEADER_NAME.test(name)) {
      fail(['headers', name], 'is not a valid header name');
      ok = false;
    } else if (typeof text !== 'string') {
      fail(['headers', name], 'must be the text the header must contain; put it in quotes');
      ok = false;
    } else conditions[name] = text;
  }
  return ok ? conditions : undefined;
}

const JSON_OPERATOR = /^\s*(==|!=|<=|>=|<|>)\s*(.*?)\s*$/;

function readJsonConditions(value: unknown, fail: Fail): JsonCondition[] | undefined {
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value)) return void fail(['json'], 'must be a map of JSON paths to conditions, such as { "$.status": ok, "$.queue.depth": "< 100" }');
  const conditions: JsonCondition[] = [];
  let ok = true;
  for (const [path, raw] of Object.entries(value)) {
    const at = ['json', path];
    if (parseJsonPath(path) === undefined) {
      fail(at, 'is not a supported JSON path: start with $ and use .name, [0] or [\'name\'] steps, such as $.queue.depth');
      ok = false;
      continue;
    }
    if (typeof raw === 'string') {
      const m = JSON_OPERATOR.exec(raw);
      if (m) {
        const op = m[1] as JsonCondition['op'];
        const operand = m[2]!;
        const ordered = op !== '==' && op !== '!=';
        if (ordered && (operand === '' || Number.isNaN(Number(operand)))) {
          fail(at, `"${op}" compares numbers: write it as "${op} 100"`);
          ok = false;
        } else conditions.push({ path, op, value: ordered || /^-?\d+(\.\d+)?$/.test(operand) ? Number(operand) : operand });
        continue;
      }
      conditions.push({ path, op: '==', value: raw });
    } else if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) {
      conditions.push({ path, op: '==', value: raw });
    } else {
      fail(at, 'must be a value, or an operator and a value such as "< 100"');
      ok = false;
    }
  }
  return ok ? conditions : undefined;
}

function readStatusList(value: unknown, fail: Fail): Array<number | string> | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return void fail(['status'], 'must be a list, such as [200] or ["2xx", 301]');
  const rules: Array<number | string> = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    const rule = statusRule(item);
    if (rule === undefined) {
      fail(['status', i], STATUS_HINT);
      ok = false;
    } else rules.push(rule);
  });
  return ok ? rules : undefined;
}

/** One accepted status, normalized so that 200 and "200", or "2XX" and "2xx", compare equal. */
function statusRule(item: unknown): number | string | undefined {
  if (typeof item === 'number') return Number.isInteger(item) && item >= 100 && item <= 599 ? item : undefined;
  if (typeof item !== 'string' || parseStatusRule(item) === undefined) return undefined;
  const text = item.trim().toLowerCase().replace(/\s+/g, '');
  return /^\d{3}$/.test(text) ? Number(text) : text;
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
