import { UpwatchError } from '../../core/errors.js';
import type { Monitor } from '../../core/monitor.js';
import type { ApiDeps } from '../api-deps.js';

/** A monitor by id or name, or a NOT_FOUND error. */
export async function getMonitor(deps: ApiDeps, idOrName: string): Promise<Monitor> {
  const monitor = await deps.store.findMonitor(idOrName);
  if (!monitor) throw new UpwatchError('NOT_FOUND', `no monitor with id or name "${idOrName}"`);
  return monitor;
}

/** Monitors from the config file change only through the file, or the next reload would undo it. */
export function assertEditable(monitor: Monitor): void {
  if (monitor.source === 'config') {
    throw new UpwatchError('READ_ONLY', `monitor "${monitor.spec.name}" comes from the config file: change it there and reload`);
  }
}
