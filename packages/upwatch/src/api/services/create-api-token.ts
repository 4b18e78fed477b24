import { validationError } from '../../core/errors.js';
import type { ApiToken } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { issueApiToken } from '../api-tokens.js';

const NAME_MAX = 100;

/** Makes an API token from `{ name }`; the token itself is in the answer once and never again. */
export async function createApiToken(deps: ApiDeps, input: unknown): Promise<{ token: string; record: ApiToken }> {
  const name = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)['name'] : undefined;
  if (typeof name !== 'string' || name.trim() === '') throw validationError([{ path: 'name', message: 'is required: a name to recognise the token by, such as "ci"' }]);
  if (name.trim().length > NAME_MAX) throw validationError([{ path: 'name', message: `must be at most ${NAME_MAX} characters` }]);
  return issueApiToken(deps.store, name.trim(), deps.clock.now(), deps.newId);
}
