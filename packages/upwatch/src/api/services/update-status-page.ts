import { validationError } from '../../core/errors.js';
import type { StatusPage } from '../../core/status-page.js';
import type { ApiDeps } from '../api-deps.js';
import { getStatusPage } from './get-status-page.js';
import { resolvePageGroups } from './resolve-page-groups.js';
import { parseStatusPageInput } from './status-page-input.js';

/**
 * Changes the keys given and keeps the others; `groups`, when given, replaces them all. A new
 * slug moves the page (the old address is a 404 from then on).
 */
export async function updateStatusPage(deps: Pick<ApiDeps, 'store' | 'clock'>, slug: string, raw: unknown): Promise<StatusPage> {
  const current = await getStatusPage(deps, slug);
  const parsed = parseStatusPageInput(raw, 'patch');
  if (!parsed.ok) throw validationError(parsed.errors);
  const patch = parsed.input;
  const updated: StatusPage = {
    ...current,
    slug: patch.slug ?? current.slug,
    title: patch.title ?? current.title,
    description: patch.description ?? current.description,
    groups: patch.groups ? await resolvePageGroups(deps, patch.groups) : current.groups,
    updatedAt: deps.clock.now(),
  };
  await deps.store.updateStatusPage(updated);
  return updated;
}
