import { UpwatchError } from '../../core/errors.js';
import type { ApiDeps } from '../api-deps.js';

/** Ends a window made through the API; one from the config file changes only with the file. */
export async function deleteMaintenanceWindow(deps: ApiDeps, name: string): Promise<void> {
  // A name may be in both places if the file gained it later: the API's own is the one to end.
  const windows = deps.maintenance.list().filter((w) => w.window.name === name);
  const found = windows.find((w) => w.source === 'api') ?? windows[0];
  if (!found) throw new UpwatchError('NOT_FOUND', `no maintenance window named "${name}"`);
  if (found.source === 'config') {
    throw new UpwatchError('READ_ONLY', `maintenance window "${name}" comes from the config file: change it there and reload`);
  }
  await deps.maintenance.remove(name);
}
