import { mergeMonitorPatch, prepareSpec } from '../../config/monitor-input.js';
import { assertUniqueValue } from './assert-unique-value.js';
import { UpwatchError, validationError } from '../../core/errors.js';
import type { Monitor } from '../../core/monitor.js';
import type { ApiDeps } from '../api-deps.js';
import { checkNotifiers } from './check-notifiers.js';
import { assertEditable, getMonitor } from './get-monitor.js';

/**
 * Applies a partial change. `paused` pauses or resumes; every other key is a monitor key as in the
 * config file. History and state are kept.
 */
export async function updateMonitor(deps: ApiDeps, idOrName: string, patch: unknown): Promise<Monitor> {
  const current = await getMonitor(deps, idOrName);
  assertEditable(current);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw validationError([{ path: '(body)', message: 'must be an object' }]);
  }
  const { paused, ...specPatch } = patch as Record<string, unknown>;
  if (paused !== undefined && typeof paused !== 'boolean') {
    throw validationError([{ path: 'paused', message: 'must be true or false' }]);
  }
  const merged = mergeMonitorPatch(current.spec, specPatch);
  if (!merged.ok) throw validationError(merged.errors);
  checkNotifiers(merged.spec, deps.notifierNames());
  if (merged.spec.name !== current.spec.name) {
    const other = await deps.store.findMonitor(merged.spec.name);
    if (other && other.id !== current.id) {
      throw new UpwatchError('CONFLICT', `a monitor named "${merged.spec.name}" exists already`, {
        fields: [{ path: 'name', message: 'is taken by another monitor' }],
      });
    }
  }
  const spec = prepareSpec(merged.spec, current.spec);
  await assertUniqueValue(deps, spec, current.id);
  const updated: Monitor = { ...current, spec, paused: paused ?? current.paused, updatedAt: deps.clock.now() };
  await deps.store.updateMonitor(updated);
  deps.runtime.upsert(updated);
  return updated;
}
