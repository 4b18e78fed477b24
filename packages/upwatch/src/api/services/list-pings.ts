import { validationError } from '../../core/errors.js';
import type { HeartbeatPing } from '../../core/heartbeat.js';
import type { ApiDeps } from '../api-deps.js';
import { getMonitor } from './get-monitor.js';
import { parseLimit } from './list-checks.js';

/** A heartbeat monitor's pings, newest first, with run durations; `before` (a ping id) pages on. */
export async function listPings(deps: ApiDeps, idOrName: string, query: { before?: string | undefined; limit?: string | undefined }): Promise<HeartbeatPing[]> {
  const monitor = await getMonitor(deps, idOrName);
  if (monitor.spec.type !== 'heartbeat') throw validationError([{ path: 'id', message: `is a ${monitor.spec.type} monitor; only heartbeat monitors have pings` }]);
  const before = query.before === undefined ? undefined : Number(query.before);
  if (before !== undefined && (!Number.isInteger(before) || before < 1)) throw validationError([{ path: 'before', message: 'must be the id of a ping' }]);
  const limit = parseLimit(query.limit, 100, 1000);
  return deps.store.listHeartbeatPings(monitor.id, before === undefined ? { limit } : { before, limit });
}
