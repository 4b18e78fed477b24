import type { ApiDeps } from '../api-deps.js';
import { assertEditable, getMonitor } from './get-monitor.js';

/** Deletes a monitor with its history. */
export async function deleteMonitor(deps: ApiDeps, idOrName: string): Promise<void> {
  const monitor = await getMonitor(deps, idOrName);
  assertEditable(monitor);
  deps.runtime.remove(monitor.id);
  await deps.store.deleteMonitor(monitor.id);
}
