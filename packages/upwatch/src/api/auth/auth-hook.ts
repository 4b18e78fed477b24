import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { UpwatchError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { bearerToken, hashToken } from '../api-tokens.js';
import { isMutating, sessionCsrfOk } from './csrf.js';
import { SESSION_COOKIE, type Sessions } from './sessions.js';

/** Who made a request, once the auth hook has let it through. */
export type RequestAuth =
  | { via: 'token'; tokenId: string }
  | { via: 'session'; userId: string; username: string; sessionId: string; csrfToken: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every route that is not public. */
    auth?: RequestAuth;
  }
}

/** A token used all the time is stamped as used at most this often: not a write a request. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export interface AuthHookDeps {
  store: Store;
  clock: Clock;
  sessions: Sessions;
}

/**
 * The onRequest hook that lets a request through with an API token or a session cookie. Public
 * routes are open; a page (`page: true`) without a login redirects to the login page; anything
 * else, unknown paths included, is a 401. Decided on the route the router matched and before the
 * body is read: an anonymous client gets nothing parsed.
 *
 * @example app.addHook('onRequest', authenticate({ store, clock, sessions }));
 */
export function authenticate(deps: AuthHookDeps) {
  return async function authenticateRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const { config } = request.routeOptions;
    if (config.public === true) return undefined;
    const auth = await identify(request, deps);
    if (auth) {
      request.auth = auth;
      return undefined;
    }
    if (config.page === true && !isMutating(request.method)) {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    throw new UpwatchError('UNAUTHORIZED', 'log in, or send a valid API token as "Authorization: Bearer <token>"');
  };
}

/** Who the request comes from: a token when it sends one (and only then), else a session cookie. */
async function identify(request: FastifyRequest, deps: AuthHookDeps): Promise<RequestAuth | undefined> {
  if (request.headers.authorization !== undefined) {
    const token = bearerToken(request.headers.authorization);
    const found = token === undefined ? undefined : await deps.store.findApiTokenByHash(hashToken(token));
    if (!found) return undefined;
    const now = deps.clock.now();
    if (found.lastUsedAt === null || now - found.lastUsedAt >= TOKEN_TOUCH_INTERVAL_MS) {
      await deps.store.touchApiToken(found.id, now, TOKEN_TOUCH_INTERVAL_MS).catch((err: unknown) => {
        request.log.warn({ err }, 'noting when an API token was used failed');
      });
    }
    return { via: 'token', tokenId: found.id };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie === undefined) return undefined;
  const active = await deps.sessions.resume(cookie);
  if (!active) return undefined;
  return { via: 'session', userId: active.user.id, username: active.user.username, sessionId: active.session.id, csrfToken: active.session.csrfToken };
}

/**
 * The preValidation hook (the body is parsed by then, so a form's `_csrf` field counts) that
 * refuses a change made with the session cookie without the session's CSRF token or from another
 * site: another site's page can make a browser send the cookie, never read the token. Token
 * calls carry no cookie for a browser to add, so they need none.
 *
 * @example app.addHook('preValidation', requireCsrfToken);
 */
export async function requireCsrfToken(request: FastifyRequest): Promise<void> {
  const { auth } = request;
  if (auth?.via !== 'session' || !isMutating(request.method)) return;
  if (!sessionCsrfOk(request, auth.csrfToken)) {
    throw new UpwatchError('FORBIDDEN', 'this change needs the CSRF token of your session, as the "x-csrf-token" header or the "_csrf" form field (GET /api/session gives it)');
  }
}
