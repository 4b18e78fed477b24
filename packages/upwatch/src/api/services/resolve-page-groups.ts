import { validationError, type FieldError } from '../../core/errors.js';
import type { StatusPageGroup } from '../../core/status-page.js';
import type { ApiDeps } from '../api-deps.js';

/**
 * Groups whose monitors are names or ids → the same groups with ids, as a page stores them.
 * Throws a VALIDATION error naming each monitor that is not there or is on the page twice.
 * @example await resolvePageGroups(deps, [{ name: 'API', monitors: ['api', 'c0ffee…'] }])
 */
export async function resolvePageGroups(deps: Pick<ApiDeps, 'store'>, groups: ReadonlyArray<{ name: string; monitors: readonly string[] }>): Promise<StatusPageGroup[]> {
  const ids = new Map<string, string | undefined>();
  for (const ref of new Set(groups.flatMap((g) => g.monitors))) ids.set(ref, (await deps.store.findMonitor(ref))?.id);
  const errors: FieldError[] = [];
  const placed = new Map<string, string>();
  const resolved = groups.map((group, g) => ({
    name: group.name,
    monitors: group.monitors.flatMap((ref, m) => {
      const path = `groups[${g}].monitors[${m}]`;
      const id = ids.get(ref);
      if (id === undefined) {
        errors.push({ path, message: `no monitor "${ref}"` });
        return [];
      }
      const first = placed.get(id);
      if (first !== undefined) {
        // One place a monitor: its bar twice would only say the same thing twice.
        errors.push({ path, message: `"${ref}" is on the page already, at ${first}` });
        return [];
      }
      placed.set(id, path);
      return [id];
    }),
  }));
  if (errors.length > 0) throw validationError(errors);
  return resolved;
}
