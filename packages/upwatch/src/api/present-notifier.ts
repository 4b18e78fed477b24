import { maskSecrets } from '../config/notifier-secrets.js';
import type { NotifierView } from './services/get-notifier.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A notifier as the API answers it: its keys as POST takes them, under `settings`, with every
 * secret shown as a placeholder (see config/notifier-secrets.ts); `source` says whether it comes
 * from the config file (read-only) or the API.
 */
export function presentNotifier(notifier: NotifierView) {
  return {
    name: notifier.name,
    type: notifier.type,
    source: notifier.source,
    settings: maskSecrets(notifier.type, notifier.settings),
    created_at: iso(notifier.createdAt),
    updated_at: iso(notifier.updatedAt),
  };
}
