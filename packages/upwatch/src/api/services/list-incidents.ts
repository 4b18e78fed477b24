import { validationError } from '../../core/errors.js';
import type { Incident } from '../../core/incident.js';
import type { ApiDeps } from '../api-deps.js';
import { getMonitor } from './get-monitor.js';
import { parseLimit } from './list-checks.js';

/** Incidents, newest first; optionally one monitor's, optionally only open or only resolved ones. */
export async function listIncidents(
  deps: ApiDeps,
  query: { monitor?: string | undefined; open?: string | undefined; limit?: string | undefined },
): Promise<Incident[]> {
  const monitorId = query.monitor === undefined ? undefined : (await getMonitor(deps, query.monitor)).id;
  let open: boolean | undefined;
  if (query.open !== undefined) {
    if (query.open !== 'true' && query.open !== 'false') {
      throw validationError([{ path: 'open', message: 'must be true or false' }]);
    }
    open = query.open === 'true';
  }
  const limit = parseLimit(query.limit, 100, 1000);
  return deps.store.listIncidents({ ...(monitorId && { monitorId }), ...(open !== undefined && { open }), limit });
}
