import type { Fail } from './input-readers.js';
import { MONITOR_LIMITS } from './monitor-input-schema.js';

// Letters and digits of any script, and - _ . : for namespaces such as team:payments or v2.1.
const TAG = /^[\p{L}\p{N}_.:-]+$/u;

/**
 * A monitor's `tags` as written, each once: a repeat is dropped rather than refused, as a set has
 * no order to get wrong. A number (`tags: [2024]` in YAML) is taken as its text.
 * @example readTags(['prod', 'team:payments', 'prod'], fail) // ['prod', 'team:payments']
 */
export function readTags(value: unknown, fail: Fail): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return void fail(['tags'], 'must be a list of tags, such as [prod, team:payments]');
  const tags: string[] = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    const tag = typeof item === 'number' ? String(item) : item;
    const { maxLength } = MONITOR_LIMITS.tags;
    const problem =
      typeof tag !== 'string' || tag === ''
        ? `must be a tag of 1 to ${maxLength} letters, digits, -, _, . or :`
        : [...tag].length > maxLength
          ? `"${tag}" is longer than ${maxLength} characters`
          : !TAG.test(tag)
            ? `"${tag}" may hold only letters, digits, -, _, . and : (such as prod or team:payments)`
            : undefined;
    if (problem !== undefined) {
      fail(['tags', i], problem);
      ok = false;
    } else if (!tags.includes(tag as string)) tags.push(tag as string);
  });
  if (ok && tags.length > MONITOR_LIMITS.tags.max) {
    fail(['tags'], `has ${tags.length} tags: a monitor may have at most ${MONITOR_LIMITS.tags.max}`);
    ok = false;
  }
  return ok ? tags : undefined;
}
