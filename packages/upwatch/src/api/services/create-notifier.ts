import { parseNotifierBody } from '../../config/notifier-input.js';
import { UpwatchError, validationError } from '../../core/errors.js';
import type { StoredNotifier } from '../../store/store.js';
import type { NotifierDeps, NotifierView } from './get-notifier.js';

/**
 * Creates a notifier from `{ name, type, …the keys of that type }`, checked as the config file's
 * are; it runs at once, and monitors may name it in `notify`.
 */
export async function createNotifier(deps: NotifierDeps, body: unknown): Promise<NotifierView> {
  const parsed = parseNotifierBody(body);
  if (!parsed.ok) throw validationError(parsed.errors);
  const { name } = parsed;
  const file = deps.notifiers.configFile();
  if (deps.notifiers.fromConfig().has(name)) {
    throw new UpwatchError('CONFLICT', `a notifier named "${name}" is defined in the config file${file ? ` ${file}` : ''}; choose another name`, {
      fields: [{ path: 'name', message: 'is taken by a notifier of the config file' }],
    });
  }
  if (await deps.store.findNotifier(name)) {
    throw new UpwatchError('CONFLICT', `a notifier named "${name}" exists already`, { fields: [{ path: 'name', message: 'is taken by another notifier' }] });
  }
  const now = deps.clock.now();
  const notifier: StoredNotifier = { name, type: parsed.type, settings: parsed.settings, createdAt: now, updatedAt: now };
  await deps.store.insertNotifier(notifier);
  await deps.notifiers.refresh();
  return { ...notifier, source: 'api' };
}
