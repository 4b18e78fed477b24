import { parseMaintenanceInput } from '../../config/maintenance-input.js';
import { UpwatchError, validationError } from '../../core/errors.js';
import type { MaintenanceWindow } from '../../core/maintenance.js';
import type { ApiDeps } from '../api-deps.js';

/** Adds a maintenance window from API input; it holds alerts from the next check on. */
export async function createMaintenanceWindow(deps: ApiDeps, input: unknown): Promise<MaintenanceWindow> {
  const parsed = parseMaintenanceInput(input);
  if (!parsed.ok) throw validationError(parsed.errors);
  const { window } = parsed;
  if (deps.maintenance.list().some((w) => w.window.name === window.name)) {
    throw new UpwatchError('CONFLICT', `a maintenance window named "${window.name}" exists already`, { fields: [{ path: 'name', message: 'is taken by another window' }] });
  }
  if (window.monitors) {
    const known = new Set((await deps.store.listMonitors()).map((m) => m.spec.name));
    const unknown = window.monitors.map((name, i) => ({ name, i })).filter(({ name }) => !known.has(name));
    if (unknown.length > 0) throw validationError(unknown.map(({ name, i }) => ({ path: `monitors[${i}]`, message: `no monitor named "${name}"` })));
  }
  await deps.maintenance.add(window);
  return window;
}
