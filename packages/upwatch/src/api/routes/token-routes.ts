import type { FastifyInstance } from 'fastify';
import type { ApiToken } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { createApiToken } from '../services/create-api-token.js';
import { revokeApiToken } from '../services/revoke-api-token.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A token as the API shows it: never its hash, and the token itself only in the answer that made it. */
function presentToken(token: ApiToken) {
  return { id: token.id, name: token.name, created_at: iso(token.createdAt), last_used_at: iso(token.lastUsedAt) };
}

/** /api/tokens: list, create (the token shown once) and revoke API tokens. */
export function tokenRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/tokens', async () => (await deps.store.listApiTokens()).map(presentToken));

  app.post('/api/tokens', async (request, reply) => {
    const { token, record } = await createApiToken(deps, request.body);
    const { last_used_at: _never, ...created } = presentToken(record);
    return reply.status(201).send({ ...created, token });
  });

  app.delete<{ Params: { id: string } }>('/api/tokens/:id', async (request, reply) => {
    await revokeApiToken(deps, request.params.id);
    return reply.status(204).send();
  });
}
