import type { ApiDeps } from '../api-deps.js';
import { getStatusPage } from './get-status-page.js';

/** Takes a status page down; its monitors and their history stay. */
export async function deleteStatusPage(deps: Pick<ApiDeps, 'store'>, slug: string): Promise<void> {
  await getStatusPage(deps, slug);
  await deps.store.deleteStatusPage(slug);
}
