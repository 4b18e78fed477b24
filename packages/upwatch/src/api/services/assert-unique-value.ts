import { sharedUniqueValue } from '../../config/monitor-input.js';
import { UpwatchError } from '../../core/errors.js';
import type { MonitorSpec } from '../../core/monitor.js';
import type { ApiDeps } from '../api-deps.js';

/** Refuses a monitor whose unique value (a heartbeat's token) another monitor has already. */
export async function assertUniqueValue(deps: ApiDeps, spec: MonitorSpec, selfId: string | null): Promise<void> {
  const shared = sharedUniqueValue(spec, selfId, await deps.store.listMonitors());
  if (shared === null) return;
  throw new UpwatchError('CONFLICT', `monitor "${shared.with}" has the same ${shared.key}`, {
    fields: [{ path: shared.key, message: `is the ${shared.key} of monitor "${shared.with}" already; choose another, or leave it out to get a new one` }],
  });
}
