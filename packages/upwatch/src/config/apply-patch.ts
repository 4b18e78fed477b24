import { isPlainObject } from './input-readers.js';

/**
 * Applies a PATCH body's keys onto `target`, in place, as the API's PATCH routes take them: `null`
 * removes a key; a map sent for a key that holds a map changes it key by key (`null` removing one
 * there too), unless the key is one of `whole`; anything else replaces the value.
 * @example applyPatch(spec, { timeout: '5s', headers: { 'X-Old': null } }, ['flapping'])
 */
export function applyPatch(target: Record<string, unknown>, patch: Record<string, unknown>, whole: readonly string[] = []): void {
  for (const [key, value] of Object.entries(patch)) {
    const base = target[key];
    if (value === null || value === undefined) delete target[key];
    else if (isPlainObject(value) && isPlainObject(base) && !whole.includes(key)) target[key] = overlay(base, value);
    else target[key] = value;
  }
}

function overlay(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}
