import type { NotifierDeps, NotifierView } from './get-notifier.js';

/** Every notifier by name: the config file's and the API's (a name in both is the API's, the one that runs). */
export async function listNotifiers(deps: NotifierDeps): Promise<NotifierView[]> {
  const stored = await deps.store.listNotifiers();
  const views: NotifierView[] = stored.map((n) => ({ ...n, source: 'api' }));
  const taken = new Set(stored.map((n) => n.name));
  for (const [name, entry] of deps.notifiers.fromConfig()) {
    if (!taken.has(name)) views.push({ name, ...entry, source: 'config', createdAt: null, updatedAt: null });
  }
  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
