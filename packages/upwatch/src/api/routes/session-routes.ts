import type { FastifyInstance } from 'fastify';
import { UpwatchError } from '../../core/errors.js';

/**
 * GET /api/session: who is logged in, and the CSRF token the dashboard sends with every change.
 * A call with an API token has no session: 401, like no login at all.
 */
export function sessionRoutes(app: FastifyInstance): void {
  app.get('/api/session', async (request) => {
    const { auth } = request;
    if (auth?.via !== 'session') throw new UpwatchError('UNAUTHORIZED', 'no session: log in at /login');
    return { user: { id: auth.userId, username: auth.username }, csrf_token: auth.csrfToken };
  });
}
