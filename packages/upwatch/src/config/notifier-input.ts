import type { FieldError } from '../core/errors.js';
import { NOTIFIER_TYPES, notifierConfigSchemas, type NotifierConfig, type NotifierConfigResult, type NotifierType } from '../notifiers/notifier-configs.js';
import { formatPath, suggestKey, type Issue } from './field-path.js';
import { applyPatch } from './apply-patch.js';
import { isPlainObject } from './input-readers.js';
import { restoreSecrets } from './notifier-secrets.js';
import { schemaIssues } from './schema-issues.js';

/** A notifier's keys as written under its name in the config file, or in an API body: all but `type` (and the API's `name`). */
export type NotifierSettings = Record<string, unknown>;

export type CheckedNotifier = { ok: true; type: NotifierType; config: NotifierConfig; settings: NotifierSettings } | { ok: false; issues: Issue[] };

const NAME_MAX_LENGTH = 100;
const CONTROL_CHARS = /\p{Cc}/u;
const UNSAFE_NAME_CHARS = /[/\\?#%]/;

/**
 * Checks one notifier's entry (`{ type, …its keys }`) as the config file and the API both take it:
 * the same code, so the same messages. Paths are relative to the entry (`url`, `smtp.host`).
 * @example checkNotifierEntry('ops', { type: 'webhook', url: 'http://127.0.0.1:9000/hook' }).ok // true
 */
export function checkNotifierEntry(name: string, entry: unknown): CheckedNotifier {
  const known = NOTIFIER_TYPES.join(', ');
  const fail = (at: Issue['at'], message: string): CheckedNotifier => ({ ok: false, issues: [{ at, message }] });
  if (!isPlainObject(entry)) return fail([], `must be a map with a type (${known}) and its settings`);
  const type = entry.type;
  if (type === undefined || type === null) return fail(['type'], `is required: the kind of notifier (${known})`);
  if (typeof type !== 'string' || !(NOTIFIER_TYPES as string[]).includes(type)) {
    const guess = typeof type === 'string' ? suggestKey(type, NOTIFIER_TYPES) : undefined;
    const named = typeof type === 'string' ? ` "${type}"` : '';
    return fail(['type'], `unknown notifier type${named}${guess ? `; did you mean "${guess}"?` : ''} (known: ${known})`);
  }
  const definition = notifierConfigSchemas[type as NotifierType];
  // null on a key means "not set", as for monitors, so `headers:` left empty is not an error.
  const input = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== null));
  const issues = schemaIssues(definition.schema, input, `${type} notifier`);
  // Past a misspelt key, the known keys can still be checked, so one run reports everything.
  const knownOnly = Object.fromEntries(Object.entries(input).filter(([key]) => Object.hasOwn(definition.schema.properties, key)));
  if (issues.length > 0 && schemaIssues(definition.schema, knownOnly, type).length > 0) return { ok: false, issues };
  const toConfig = definition.toConfig as (input: unknown, name: string) => NotifierConfigResult<NotifierConfig>;
  const result = toConfig(knownOnly, name);
  // A key inside a nested map (smtp.host) is a path, so its line can be found.
  if (!result.ok) issues.push(...result.errors.map((e) => ({ at: e.key.split('.'), message: e.message })));
  if (!result.ok || issues.length > 0) return { ok: false, issues };
  const { type: _type, ...settings } = knownOnly;
  return { ok: true, type: type as NotifierType, config: result.config, settings };
}

/** A notifier as the API stores it: what a PATCH starts from and whose secrets it may keep. */
export interface StoredNotifierInput {
  name: string;
  type: string;
  settings: NotifierSettings;
}

export type ParsedNotifierBody = { ok: true; name: string; type: NotifierType; config: NotifierConfig; settings: NotifierSettings } | { ok: false; errors: FieldError[] };

/**
 * A notifier as the API takes it, `{ name, type, …the keys of that type }`: the name checked as a
 * name in URLs, the rest exactly as under `notifiers:` in the config file. Secrets' placeholders
 * (as GET shows them) are put back from `stored`, the notifier being changed, or refused.
 * @example parseNotifierBody({ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:9000/hook' })
 */
export function parseNotifierBody(body: unknown, stored?: StoredNotifierInput): ParsedNotifierBody {
  if (!isPlainObject(body)) return { ok: false, errors: [{ path: '(body)', message: 'must be an object with name, type and the keys of that type' }] };
  const { name, ...raw } = body;
  const nameProblem = notifierNameProblem(name);
  const restored = restoreSecrets(String(raw.type), raw, stored !== undefined && stored.type === raw.type ? stored.settings : undefined);
  const checked = checkNotifierEntry(typeof name === 'string' ? name : '', restored.settings);
  // A placeholder that stands for nothing may also fail the field's own check: say it once, as a placeholder.
  const placeholders = new Set(restored.issues.map((i) => formatPath(i.at)));
  const issues = [...restored.issues, ...(checked.ok ? [] : checked.issues.filter((i) => !placeholders.has(formatPath(i.at))))];
  const errors: FieldError[] = nameProblem === undefined ? [] : [{ path: 'name', message: nameProblem }];
  errors.push(...issuesToFields(issues));
  if (errors.length > 0 || !checked.ok) return { ok: false, errors };
  return { ok: true, name: name as string, type: checked.type, config: checked.config, settings: checked.settings };
}

/**
 * Applies a PATCH body to a stored notifier: keys overlay the current ones (maps such as
 * `headers` and `smtp` key by key), and `null` removes a key. A new `type` starts from the name
 * alone, since the old type's keys mean nothing to it. The name stays: monitors refer to it.
 * The result is checked like a new notifier.
 * @example mergeNotifierPatch(stored, { timeout: '30s', headers: { 'X-Old': null } })
 */
export function mergeNotifierPatch(current: StoredNotifierInput, patch: unknown): ParsedNotifierBody {
  if (!isPlainObject(patch)) return { ok: false, errors: [{ path: '(body)', message: 'must be an object with the keys to change' }] };
  if (patch.name !== undefined && patch.name !== current.name) {
    return { ok: false, errors: [{ path: 'name', message: 'cannot be changed, as monitors name the notifier by it: create one with the new name and point the monitors at it' }] };
  }
  const typeChanges = patch.type !== undefined && patch.type !== null && patch.type !== current.type;
  const merged: Record<string, unknown> = typeChanges ? { name: current.name } : { name: current.name, type: current.type, ...structuredClone(current.settings) };
  applyPatch(merged, patch);
  return parseNotifierBody(merged, current);
}

/** Problems with paths as the API names fields (`smtp.host`, `headers["X-Key"]`). */
export function issuesToFields(issues: readonly Issue[]): FieldError[] {
  return issues.map((i) => ({ path: formatPath(i.at) || '(notifier)', message: i.message }));
}

// Names are used in URLs (/api/notifiers/:name) and in monitors' `notify`; the config file's keys
// are not held to this, so a file that works keeps working.
function notifierNameProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'is required: the name monitors use in notify, such as ops';
  if (typeof value !== 'string') return 'must be text';
  if (value.trim() === '') return 'must not be empty';
  if (value !== value.trim()) return 'must not start or end with spaces';
  if (value.length > NAME_MAX_LENGTH) return `must be at most ${NAME_MAX_LENGTH} characters long`;
  if (CONTROL_CHARS.test(value)) return 'must not contain line breaks or control characters';
  if (UNSAFE_NAME_CHARS.test(value)) return 'must not contain / \\ ? # or % (names are used in URLs)';
  return undefined;
}
