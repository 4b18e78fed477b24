import { UpwatchError } from '../../core/errors.js';
import type { UptimeFigures, UptimeWindow } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { getMonitor } from './get-monitor.js';

/** A monitor's uptime and response times over 24 h, 7, 30 and 90 days, by id or name, current to now. */
export async function getUptime(deps: ApiDeps, idOrName: string): Promise<Record<UptimeWindow, UptimeFigures>> {
  const monitor = await getMonitor(deps, idOrName);
  const uptime = await deps.store.uptimeOf(monitor.id, deps.clock.now());
  // Deleted between the two reads.
  if (!uptime) throw new UpwatchError('NOT_FOUND', `no monitor with id or name "${idOrName}"`);
  return uptime;
}
