import { UpwatchError } from '../../core/errors.js';
import type { ApiDeps, NotifierCatalog } from '../api-deps.js';

/** The API's deps when the notifier routes are there. */
export type NotifierDeps = ApiDeps & { notifiers: NotifierCatalog };

/** A notifier of either source, its settings whole (the presenter hides the secrets). */
export interface NotifierView {
  name: string;
  type: string;
  source: 'config' | 'api';
  settings: Record<string, unknown>;
  /** Null for a notifier of the config file: the file has no such dates. */
  createdAt: number | null;
  updatedAt: number | null;
}

/**
 * A notifier by name, or a NOT_FOUND error. A name in both places is the API's: that one runs
 * (the file's is reported as a conflict when the config is applied).
 */
export async function getNotifier(deps: NotifierDeps, name: string): Promise<NotifierView> {
  const stored = await deps.store.findNotifier(name);
  if (stored) return { ...stored, source: 'api' };
  const fromFile = deps.notifiers.fromConfig().get(name);
  if (fromFile) return { name, ...fromFile, source: 'config', createdAt: null, updatedAt: null };
  throw new UpwatchError('NOT_FOUND', `no notifier named "${name}"`);
}

/** Notifiers of the config file change only through the file, or the next reload would undo it. */
export function assertNotifierEditable(deps: NotifierDeps, notifier: NotifierView): void {
  if (notifier.source === 'config') {
    const file = deps.notifiers.configFile();
    throw new UpwatchError('READ_ONLY', `notifier "${notifier.name}" comes from the config file${file ? ` ${file}` : ''}: change it there and reload`);
  }
}
