import { parseMonitorInput, prepareSpec } from '../../config/monitor-input.js';
import { assertUniqueValue } from './assert-unique-value.js';
import { UpwatchError, validationError } from '../../core/errors.js';
import type { Monitor } from '../../core/monitor.js';
import type { ApiDeps } from '../api-deps.js';
import { checkNotifiers } from './check-notifiers.js';

/** Creates a monitor from API input; it is checked at once. */
export async function createMonitor(deps: ApiDeps, input: unknown): Promise<Monitor> {
  const parsed = parseMonitorInput(input);
  if (!parsed.ok) throw validationError(parsed.errors);
  checkNotifiers(parsed.spec, deps.notifierNames());
  if (await deps.store.findMonitor(parsed.spec.name)) {
    throw new UpwatchError('CONFLICT', `a monitor named "${parsed.spec.name}" exists already`, {
      fields: [{ path: 'name', message: 'is taken by another monitor' }],
    });
  }
  const spec = prepareSpec(parsed.spec, undefined);
  await assertUniqueValue(deps, spec, null);
  const now = deps.clock.now();
  const monitor: Monitor = { id: deps.newId(), source: 'api', paused: false, spec, createdAt: now, updatedAt: now };
  await deps.store.insertMonitor(monitor);
  deps.runtime.upsert(monitor);
  return monitor;
}
