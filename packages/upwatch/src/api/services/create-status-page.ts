import { validationError } from '../../core/errors.js';
import type { StatusPage } from '../../core/status-page.js';
import type { ApiDeps } from '../api-deps.js';
import { resolvePageGroups } from './resolve-page-groups.js';
import { parseStatusPageInput } from './status-page-input.js';

/** Publishes a status page from API input: it is public at /status/<slug> at once. A taken slug is a CONFLICT. */
export async function createStatusPage(deps: Pick<ApiDeps, 'store' | 'clock' | 'newId'>, raw: unknown): Promise<StatusPage> {
  const parsed = parseStatusPageInput(raw, 'whole');
  if (!parsed.ok) throw validationError(parsed.errors);
  const { slug, title, description, groups } = parsed.input;
  const now = deps.clock.now();
  const page: StatusPage = { id: deps.newId(), slug, title, description: description ?? '', groups: await resolvePageGroups(deps, groups), createdAt: now, updatedAt: now };
  await deps.store.insertStatusPage(page);
  return page;
}
