import { readFileSync } from 'node:fs';
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { FieldError } from '../core/errors.js';
import type { MaintenanceWindow } from '../core/maintenance.js';
import type { MonitorSpec } from '../core/monitor.js';
import { isHttpUrl } from '../notifiers/notifier-config-checks.js';
import type { NotifierConfig } from '../notifiers/notifier-configs.js';
import { formatPath, unknownKeyMessage, type Issue, type Segment } from './field-path.js';
import { interpolateEnv } from './interpolate-env.js';
import { readMaintenance } from './maintenance-input.js';
import { checkNotifierEntry, type NotifierSettings } from './notifier-input.js';
import { DEFAULT_RETENTION, readRetention, type RetentionConfig } from './retention-input.js';
import { checkMonitorInput, uniqueValueOf } from './monitor-input.js';

export interface LoadedConfig {
  monitors: MonitorSpec[];
  notifiers: Map<string, NotifierConfig>;
  /** Each notifier's keys as written (after ${VAR} expansion), for the API to show; the same names as `notifiers`. */
  notifierSettings: Map<string, NotifierSettings>;
  /** The dashboard's address as people reach it, for links in alerts; null when unset. */
  publicUrl: string | null;
  maintenance: MaintenanceWindow[];
  retention: RetentionConfig;
}

export type ConfigResult = { ok: true; config: LoadedConfig } | { ok: false; errors: FieldError[] };

const TOP_LEVEL_KEYS = ['public_url', 'monitors', 'notifiers', 'maintenance', 'retention'];

/**
 * Reads and checks a config file. An unreadable file is an error like any other (without a line).
 * @example loadConfigFile('upwatch.yml') // { ok: true, config: { monitors: [...], notifiers: Map {...} } }
 */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `cannot read the file: ${readErrorReason(err)}` }] };
  }
  return parseConfigText(text, { env, fileName: path });
}

/** Why a file could not be read, in words (the errno code stays for searching). */
export function readErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file (ENOENT)';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'EISDIR') return 'it is a directory, not a file (EISDIR)';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Parses YAML config text: every problem comes back at once, each with its full path
 * (`monitors[2].interval`) and 1-based line.
 * @example parseConfigText('monitors: []\n') // { ok: true, config: { monitors: [], notifiers: Map {} } }
 */
export function parseConfigText(text: string, options: { env?: NodeJS.ProcessEnv; fileName?: string } = {}): ConfigResult {
  const env = options.env ?? process.env;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // The parser reports an unclosed quote or bracket at the very end; keep that on a line the file has.
  const lastLine = text.replace(/\s+$/, '').split('\n').length;
  const lineAt = (offset: number) => Math.min(lineCounter.linePos(offset).line, lastLine);
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => ({ path: '', line: lineAt(e.pos[0]), message: `invalid YAML: ${lowerFirst(e.message)}` })) };
  }

  const issues: Issue[] = [];
  const interpolated = new Map<string, { value: string; source: string }>();
  interpolateValues(doc.contents, [], env, issues, interpolated);

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // Only a YAML bomb (aliases of aliases) gets here.
    return { ok: false, errors: [{ path: '', line: 1, message: `invalid YAML: ${err instanceof Error ? lowerFirst(err.message) : String(err)}` }] };
  }

  const unresolved = new Set(issues.map((i) => formatPath(i.at)));
  const checkIssues: Issue[] = [];
  const config = checkConfig(raw, checkIssues, (at) => locate(doc, at, lineAt), options.fileName ?? 'the config file');
  if (config && issues.length === 0 && checkIssues.length === 0) return { ok: true, config };
  // A value whose variable is missing was left as written; its own error says enough.
  issues.push(...checkIssues.filter((i) => !unresolved.has(formatPath(i.at))));

  // A message may quote a value it rejects, here or (through a YAML alias, say) elsewhere; a value
  // that came from the environment is shown as its reference, as environment values are often
  // secrets. Longest first, so a value inside another is not half replaced; very short ones only
  // at their own path, where they cannot match inside ordinary words.
  const everywhere = [...interpolated.values()].filter((v) => v.value.length >= 3).sort((a, b) => b.value.length - a.value.length);
  const errors = issues.map((issue): FieldError => {
    const path = formatPath(issue.at);
    const line = locate(doc, issue.at, lineAt);
    let message = issue.message;
    const own = interpolated.get(path);
    for (const v of own && own.value !== '' ? [own, ...everywhere] : everywhere) message = message.split(v.value).join(v.source);
    return line === undefined ? { path, message } : { path, line, message };
  });
  return { ok: false, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/**
 * Renders errors one a line, as compilers do, so editors can jump to them.
 * @example formatFieldErrors([{ path: 'monitors[2].interval', line: 12, message: 'must be …' }], 'upwatch.yml')
 * // 'upwatch.yml:12: monitors[2].interval: must be …'
 */
export function formatFieldErrors(errors: readonly FieldError[], fileName: string): string {
  return errors
    .map((e) => {
      const where = e.line === undefined ? fileName : `${fileName}:${e.line}`;
      return e.path === '' ? `${where}: ${e.message}` : `${where}: ${e.path}: ${e.message}`;
    })
    .join('\n');
}

type Locate = (at: Segment[]) => number | undefined;

function checkConfig(raw: unknown, issues: Issue[], lineOf: Locate, fileName: string): LoadedConfig | undefined {
  const fail = (at: Segment[], message: string) => void issues.push({ at, message });
  if (raw === null || raw === undefined) return emptyConfig();
  if (!isPlainObject(raw)) return void fail([], `${fileName} must be a map with the keys monitors and notifiers`);
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key)) fail([key], unknownKeyMessage(key, TOP_LEVEL_KEYS, 'top-level'));
  }
  const { notifiers, notifierSettings } = checkNotifiers(raw.notifiers, fail);
  const defined = isPlainObject(raw.notifiers) ? Object.keys(raw.notifiers) : [];
  const monitors = checkMonitors(raw.monitors, defined, fail, lineOf);
  const publicUrl = readPublicUrl(raw.public_url, fail);
  const maintenance = readMaintenance(raw.maintenance, fail);
  const retention = readRetention(raw.retention, fail);
  const monitorNames = new Set(monitors.map((m) => m.name));
  if (Array.isArray(raw.maintenance)) {
    raw.maintenance.forEach((entry: unknown, i) => {
      if (!isPlainObject(entry) || !Array.isArray(entry.monitors)) return;
      entry.monitors.forEach((name: unknown, k) => {
        if (typeof name === 'string' && monitors.length > 0 && !monitorNames.has(name)) fail(['maintenance', i, 'monitors', k], `no monitor named "${name}" in this file`);
      });
    });
  }
  return { monitors, notifiers, notifierSettings, publicUrl, maintenance, retention };
}

/** An empty file is a valid config: no monitors yet. */
export function emptyConfig(): LoadedConfig {
  return { monitors: [], notifiers: new Map(), notifierSettings: new Map(), publicUrl: null, maintenance: [], retention: DEFAULT_RETENTION };
}

function readPublicUrl(value: unknown, fail: (at: Segment[], message: string) => void): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
  if (!isHttpUrl(text)) {
    fail(['public_url'], 'must be the http:// or https:// address people open the dashboard at, such as https://upwatch.example.com');
    return null;
  }
  return text;
}

function checkNotifiers(raw: unknown, fail: (at: Segment[], message: string) => void): Pick<LoadedConfig, 'notifiers' | 'notifierSettings'> {
  const notifiers = new Map<string, NotifierConfig>();
  const notifierSettings = new Map<string, NotifierSettings>();
  if (raw === null || raw === undefined) return { notifiers, notifierSettings };
  if (!isPlainObject(raw)) {
    fail(['notifiers'], 'must be a map of notifier names to their settings, such as "ops: { type: webhook, url: … }"');
    return { notifiers, notifierSettings };
  }
  for (const [name, entry] of Object.entries(raw)) {
    // The same check as POST /api/notifiers, so a notifier gets the same messages in either place.
    const checked = checkNotifierEntry(name, entry);
    if (!checked.ok) for (const issue of checked.issues) fail(['notifiers', name, ...issue.at], issue.message);
    else {
      notifiers.set(name, checked.config);
      notifierSettings.set(name, checked.settings);
    }
  }
  return { notifiers, notifierSettings };
}

function checkMonitors(raw: unknown, notifierNames: string[], fail: (at: Segment[], message: string) => void, lineOf: Locate): MonitorSpec[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) {
    fail(['monitors'], 'must be a list of monitors, each starting with "- name:"');
    return [];
  }
  const specs: MonitorSpec[] = [];
  const firstWithName = new Map<string, number>();
  const firstWithValue = new Map<string, number>();
  raw.forEach((item: unknown, i) => {
    const at = ['monitors', i];
    const checked = checkMonitorInput(item);
    if (checked.ok) specs.push(checked.spec);
    else for (const issue of checked.issues) fail([...at, ...issue.at], issue.message);
    // Two heartbeats with one token would take each other's pings.
    const unique = checked.ok ? uniqueValueOf(checked.spec) : null;
    if (checked.ok && unique !== null) {
      const key = `${checked.spec.type}\n${unique.key}\n${unique.value}`;
      const first = firstWithValue.get(key);
      if (first === undefined) firstWithValue.set(key, i);
      else fail([...at, unique.key], `is already the ${unique.key} of monitors[${first}]; each ${checked.spec.type} monitor needs its own`);
    }
    if (!isPlainObject(item)) return;

    if (typeof item.name === 'string') {
      const first = firstWithName.get(item.name);
      if (first === undefined) firstWithName.set(item.name, i);
      else {
        const line = lineOf(['monitors', first, 'name']);
        fail([...at, 'name'], `"${item.name}" is already the name of monitors[${first}]${line ? ` (line ${line})` : ''}; monitor names must be unique`);
      }
    }
    const defined = notifierNames.length > 0 ? `defined: ${notifierNames.join(', ')}` : 'no notifiers are defined; add them under notifiers:';
    const checkNames = (names: unknown, path: Segment[]) => {
      if (!Array.isArray(names)) return;
      names.forEach((name: unknown, k) => {
        if (typeof name === 'string' && name.trim() !== '' && !notifierNames.includes(name)) fail([...path, k], `no notifier named "${name}" (${defined})`);
      });
    };
    checkNames(item.notify, [...at, 'notify']);
    if (Array.isArray(item.escalate)) {
      item.escalate.forEach((step: unknown, k) => {
        if (isPlainObject(step)) checkNames(step.notify, [...at, 'escalate', k, 'notify']);
      });
    }
  });
  return specs;
}

/** Expands `${VAR}` in every string value (never in keys), in place, before the YAML becomes plain data. */
function interpolateValues(
  node: unknown,
  at: Segment[],
  env: NodeJS.ProcessEnv,
  issues: Issue[],
  interpolated: Map<string, { value: string; source: string }>,
): void {
  if (isMap(node)) {
    for (const pair of node.items) interpolateValues(pair.value, [...at, keyText(pair.key)], env, issues, interpolated);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => interpolateValues(item, [...at, i], env, issues, interpolated));
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('$')) {
    const source = node.value;
    const result = interpolateEnv(source, env);
    if (!result.ok) {
      issues.push({ at, message: result.message });
      return;
    }
    if (result.variables.length === 0) {
      node.value = result.value;
      return;
    }
    interpolated.set(formatPath(at), { value: result.value, source });
    // An unquoted `confirm: ${CONFIRM}` means a number, as `confirm: 3` would; quoted values stay text.
    node.value = node.type === 'PLAIN' && /^-?\d+$/.test(result.value) ? Number(result.value) : result.value;
  }
}

/** The line of the node at `at`: the key's line for a map entry, the item's for a list item; for a missing key, the map that lacks it. */
function locate(doc: Document, at: readonly Segment[], lineAt: (offset: number) => number): number | undefined {
  const lineOf = (n: unknown) => (isNode(n) && n.range ? lineAt(n.range[0]) : undefined);
  let node: unknown = doc.contents;
  let line = lineOf(node);
  for (const segment of at) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) break;
      line = lineOf(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      line = lineOf(item) ?? line;
      node = item;
    } else break;
  }
  return line;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
