import { mergeNotifierPatch } from '../../config/notifier-input.js';
import { validationError } from '../../core/errors.js';
import type { StoredNotifier } from '../../store/store.js';
import { assertNotifierEditable, getNotifier, type NotifierDeps, type NotifierView } from './get-notifier.js';

/**
 * Applies a partial change to a notifier made through the API. Secrets' placeholders sent back as
 * GET showed them keep the stored secrets; the result is checked like a new notifier.
 */
export async function updateNotifier(deps: NotifierDeps, name: string, patch: unknown): Promise<NotifierView> {
  const current = await getNotifier(deps, name);
  assertNotifierEditable(deps, current);
  const merged = mergeNotifierPatch(current, patch);
  if (!merged.ok) throw validationError(merged.errors);
  const updated: StoredNotifier = { name: current.name, type: merged.type, settings: merged.settings, createdAt: current.createdAt!, updatedAt: deps.clock.now() };
  await deps.store.updateNotifier(updated);
  await deps.notifiers.refresh();
  return { ...updated, source: 'api' };
}
