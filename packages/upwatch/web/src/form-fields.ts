import { ApiError, errorMessage } from './api';
import type { FieldError } from './types';

/**
 * A form field by the path of its key in the API's JSON (`expect.status`, `smtp.host`), so the API's
 * field errors, which name that path, land next to it.
 */
export interface FieldDef {
  path: string;
  label: string;
  /** How the text typed becomes JSON: a list is comma-separated, headers are `Name: value` lines. */
  kind: 'text' | 'number' | 'select' | 'textarea' | 'list' | 'number-list' | 'status-list' | 'headers' | 'checkbox' | 'password';
  options?: readonly string[];
  placeholder?: string;
  hint?: string;
  required?: boolean;
  /** Shown under "More options", folded until opened (or until it has a value or an error). */
  advanced?: boolean;
}

export type FormValues = Record<string, string>;

/** A JSON value as the text of its field. */
export function toText(def: FieldDef, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (def.kind === 'list' || def.kind === 'number-list' || def.kind === 'status-list') return Array.isArray(value) ? value.join(', ') : String(value);
  if (def.kind === 'headers') {
    return typeof value === 'object' ? Object.entries(value as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join('\n') : '';
  }
  if (def.kind === 'checkbox') return value === true ? 'true' : '';
  return String(value);
}

/** A field's text as the JSON value the API takes; undefined when left empty. */
export function fromText(def: FieldDef, text: string): unknown {
  const trimmed = def.kind === 'textarea' ? text : text.trim();
  if (def.kind === 'checkbox') return text === 'true';
  if (trimmed === '') return undefined;
  switch (def.kind) {
    case 'number': {
      const n = Number(trimmed);
      return Number.isFinite(n) ? n : trimmed;
    }
    case 'list':
    case 'number-list':
    case 'status-list': {
      const items = trimmed.split(',').map((s) => s.trim()).filter(Boolean);
      if (def.kind === 'list') return items;
      // A status is a number (200) or a class or range in text ("2xx", "200-299").
      const numeric = def.kind === 'number-list' ? /^-?\d+(\.\d+)?$/ : /^\d+$/;
      return items.map((s) => (numeric.test(s) ? Number(s) : s));
    }
    case 'headers':
      return Object.fromEntries(
        trimmed
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const colon = line.indexOf(':');
            return colon < 0 ? [line, ''] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
          }),
      );
    default:
      return trimmed;
  }
}

/** Sets `value` at a dotted path in `target`, making the maps on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]!] = value;
}

/** The value at a dotted path, if any. */
export function getPath(source: Record<string, unknown>, path: string): unknown {
  let at: unknown = source;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * The JSON body of a form. On create, empty fields are left out (the defaults apply). On edit, only
 * the fields that changed are sent, and one emptied is sent as null, which puts it back to its
 * default; in a map of headers, a header taken out is sent as null.
 */
export function formBody(defs: readonly FieldDef[], values: FormValues, initial: FormValues | null): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const def of defs) {
    const text = values[def.path] ?? '';
    if (initial && (initial[def.path] ?? '') === text) continue;
    const value = fromText(def, text);
    if (value === undefined && !initial) continue;
    if (initial && def.kind === 'headers' && value !== undefined) {
      // The API merges a map onto the stored one: a header taken out is sent as null, or it stays.
      const before = (fromText(def, initial[def.path] ?? '') ?? {}) as Record<string, unknown>;
      const after = value as Record<string, unknown>;
      for (const name of Object.keys(before)) if (!(name in after)) after[name] = null;
    }
    setPath(body, def.path, value === undefined ? null : value);
  }
  return body;
}

/**
 * The API's field errors by the field they belong to: `expect.status[1]` goes to `expect.status`,
 * `headers.X-Token` to `headers`. Those of no field are returned under ''.
 */
export function errorsByField(defs: readonly FieldDef[], errors: readonly FieldError[]): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  const paths = defs.map((d) => d.path).sort((a, b) => b.length - a.length);
  for (const e of errors) {
    const path = e.path.replace(/\[\d+\]/g, '');
    const field = paths.find((p) => path === p || path.startsWith(`${p}.`)) ?? '';
    byField.set(field, [...(byField.get(field) ?? []), field === '' && e.path && !e.path.startsWith('(') ? `${e.path}: ${e.message}` : e.message]);
  }
  return byField;
}

/** The errors of a failed save by field, as errorsByField gives them; a failure that names no field (a network error, a 500) under ''. */
export function saveErrors(defs: readonly FieldDef[], err: unknown): Map<string, string[]> {
  const fields = err instanceof ApiError ? err.fields : [];
  const byField = errorsByField(defs, fields);
  if (fields.length === 0) byField.set('', [errorMessage(err)]);
  return byField;
}
