import { UpwatchError } from '../../core/errors.js';
import type { StatusPage } from '../../core/status-page.js';
import type { ApiDeps } from '../api-deps.js';

/** A status page by its slug, or NOT_FOUND. */
export async function getStatusPage(deps: Pick<ApiDeps, 'store'>, slug: string): Promise<StatusPage> {
  const page = await deps.store.findStatusPage(slug);
  if (!page) throw new UpwatchError('NOT_FOUND', `no status page with the slug "${slug}"`);
  return page;
}
