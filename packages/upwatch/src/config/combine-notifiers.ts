import type { NotifierConfig } from '../notifiers/notifier-configs.js';
import { checkNotifierEntry, type StoredNotifierInput } from './notifier-input.js';

/** The notifiers that run: the config file's and the API's, and what could not be taken. */
export interface CombinedNotifiers {
  configs: Map<string, NotifierConfig>;
  /** Notifiers of the file not applied because one made through the API has their name. */
  conflicts: Array<{ name: string; reason: string }>;
  /** Notifiers of the API whose stored keys no longer pass their check (an email's ca_file gone). */
  broken: Array<{ name: string; message: string }>;
}

/**
 * The config file's notifiers and those made through the API, as one map by name. A name in both
 * keeps the API's, as for monitors: the file must not take over what the API made.
 * @example combineNotifiers(config.notifiers, await store.listNotifiers())
 */
export function combineNotifiers(fromFile: ReadonlyMap<string, NotifierConfig>, fromApi: readonly StoredNotifierInput[]): CombinedNotifiers {
  const combined: CombinedNotifiers = { configs: new Map(fromFile), conflicts: [], broken: [] };
  for (const stored of fromApi) {
    if (fromFile.has(stored.name)) {
      combined.conflicts.push({
        name: stored.name,
        reason: `a notifier named "${stored.name}" was created through the API; rename one of them, or delete the API one to let the file manage it`,
      });
      combined.configs.delete(stored.name);
    }
    const checked = checkNotifierEntry(stored.name, { type: stored.type, ...stored.settings });
    if (checked.ok) combined.configs.set(stored.name, checked.config);
    else combined.broken.push({ name: stored.name, message: checked.issues.map((i) => `${i.at.join('.') || '(notifier)'}: ${i.message}`).join('; ') });
  }
  return combined;
}
