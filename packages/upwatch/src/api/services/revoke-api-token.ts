import { UpwatchError } from '../../core/errors.js';
import type { ApiDeps } from '../api-deps.js';

/** Revokes an API token at once: its next use is a 401. */
export async function revokeApiToken(deps: ApiDeps, id: string): Promise<void> {
  if (!(await deps.store.deleteApiToken(id))) throw new UpwatchError('NOT_FOUND', `no API token with id "${id}"`);
}
