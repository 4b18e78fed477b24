import { UpwatchError } from '../../core/errors.js';
import type { ApiDeps } from '../api-deps.js';

/** Ends a window made through the API; one from the config file changes only with the file. */
export async function deleteMaintenanceWindow(deps: ApiDeps, name: string): Promise<void> {
  const found = deps.maintenance.list().find((w) => w.window.name === name);
  if (!found) throw new UpwatchError('NOT_FOUND', `no maintenance window named "${name}"`);
  if (found.source === 'config') {
    throw new UpwatchError('READ_ONLY', `maintenance window "${name}" comes from the config file: change it there and reload`);
  }
  await deps.maintenance.remove(name);
}
