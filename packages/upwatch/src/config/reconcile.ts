import type { Monitor, MonitorSpec } from '../core/monitor.js';

export interface ReconcilePlan {
  add: MonitorSpec[];
  update: Array<{ monitor: Monitor; spec: MonitorSpec }>;
  remove: Monitor[];
  unchanged: Monitor[];
  /** Monitors of the file that were not applied, and why. */
  conflicts: Array<{ name: string; reason: string }>;
}

/**
 * What to do to make the stored monitors match the config file, matched by name. Only monitors the
 * file created are touched: one made through the API is never changed or removed by the file, even
 * when the file has a monitor of the same name (a conflict). Pure; the server applies the plan.
 * @example planReconcile(loaded.monitors, await store.listMonitors())
 */
export function planReconcile(desired: readonly MonitorSpec[], existing: readonly Monitor[]): ReconcilePlan {
  const plan: ReconcilePlan = { add: [], update: [], remove: [], unchanged: [], conflicts: [] };
  const byName = new Map(existing.map((m) => [m.spec.name, m]));
  const wanted = new Set<string>();

  for (const spec of desired) {
    if (wanted.has(spec.name)) {
      plan.conflicts.push({ name: spec.name, reason: `the config defines "${spec.name}" more than once; the first one is used` });
      continue;
    }
    wanted.add(spec.name);
    const current = byName.get(spec.name);
    if (current === undefined) plan.add.push(spec);
    else if (current.source !== 'config') {
      plan.conflicts.push({
        name: spec.name,
        reason: `a monitor named "${spec.name}" was created through the API; rename one of them, or delete the API one to let the file manage it`,
      });
    } else if (sameValue(current.spec, spec)) plan.unchanged.push(current);
    else plan.update.push({ monitor: current, spec });
  }

  for (const monitor of existing) {
    if (monitor.source === 'config' && !wanted.has(monitor.spec.name)) plan.remove.push(monitor);
  }
  return plan;
}

/** Deep equality of parsed specs; key order does not matter, list order does. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
