import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { authenticate, requireCsrfToken } from './auth-hook.js';
import { createLoginLimiter, type LoginLimiter } from './login-limiter.js';
import { securityHeaders } from './security-headers.js';
import { createSessions, type Sessions } from './sessions.js';

/** What the account pages and routes share with the auth hook. */
export interface Access {
  sessions: Sessions;
  limiter: LoginLimiter;
}

/**
 * Everything that guards the app, in the order it must run: security headers on every answer,
 * cookies and form bodies parsed, the auth hook (token or session), then the CSRF check of
 * changes made with a session cookie.
 *
 * @example const access = setUpAccess(app, deps); accountRoutes(app, deps, access);
 */
export function setUpAccess(app: FastifyInstance, deps: ApiDeps): Access {
  const sessions = createSessions({ store: deps.store, clock: deps.clock });
  const limiter = createLoginLimiter(deps.clock);
  securityHeaders(app);
  void app.register(cookie);
  void app.register(formbody);
  app.decorateRequest('auth', undefined);
  app.addHook('onRequest', authenticate({ store: deps.store, clock: deps.clock, sessions }));
  app.addHook('preValidation', requireCsrfToken);
  return { sessions, limiter };
}
