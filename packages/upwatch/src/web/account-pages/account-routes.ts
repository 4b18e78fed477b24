import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUpwatchError, type UpwatchError } from '../../core/errors.js';
import type { ApiDeps } from '../../api/api-deps.js';
import type { Access } from '../../api/auth/access.js';
import { cookieOptions } from '../../api/auth/cookie-options.js';
import { formCsrfOk, formCsrfToken, sessionCsrfOk } from '../../api/auth/csrf.js';
import { SESSION_COOKIE, SESSION_MAX_MS } from '../../api/auth/sessions.js';
import { logIn } from '../../api/services/log-in.js';
import { PASSWORD_MIN, setUpAdmin } from '../../api/services/set-up-admin.js';
import { formExpiredPage, loginPage, setupFormPage, setupRefusedPage, type FormErrors } from './account-page-views.js';
import { safeNext } from './safe-next.js';

const HTML = 'text/html; charset=utf-8';
const PUBLIC = { config: { public: true } } as const;

/** One field of a form body (formbody gives an array for a repeated one): its first value, or ''. */
function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** An account page: never cached (it holds a CSRF token, the setup one, or an answer to one person). */
function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.status(status).type(HTML).header('cache-control', 'no-store').send(page);
}

/** Logs the user in on this browser: a new session, its cookie, and on to `next`. */
async function startSession(request: FastifyRequest, reply: FastifyReply, access: Access, userId: string, next: string): Promise<FastifyReply> {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous !== undefined) await access.sessions.end(previous);
  const { cookieValue } = await access.sessions.start(userId);
  void reply.setCookie(SESSION_COOKIE, cookieValue, { ...cookieOptions(request), maxAge: SESSION_MAX_MS / 1000 });
  return reply.redirect(next, 303);
}

/**
 * The account pages, open to all: the first-run setup (`/setup?token=…`, the token printed by the
 * server), `/login` (rate limited) and `/logout`. Forms carry a CSRF token: a double-submit
 * cookie before the login, the session's own for the logout.
 *
 * @example accountRoutes(app, deps, setUpAccess(app, deps));
 */
export function accountRoutes(app: FastifyInstance, deps: ApiDeps, access: Access): void {
  app.get<{ Querystring: { token?: string } }>('/setup', PUBLIC, async (request, reply) => {
    const { token } = request.query;
    if (typeof token !== 'string' || deps.setupToken?.matches(token) !== true) return sendPage(reply, 403, setupRefusedPage());
    return sendPage(reply, 200, setupFormPage({ token, csrf: formCsrfToken(request, reply), username: '', passwordMin: PASSWORD_MIN, errors: {} }));
  });

  app.post('/setup', PUBLIC, async (request, reply) => {
    const body = request.body;
    const token = field(body, 'token');
    if (!formCsrfOk(request)) return sendPage(reply, 403, formExpiredPage(`/setup?token=${encodeURIComponent(token)}`));
    const input = { username: field(body, 'username').trim(), password: field(body, 'password'), passwordAgain: field(body, 'password_again') };
    try {
      const user = await setUpAdmin(deps, token, input);
      request.log.info({ username: user.username }, 'admin account created');
      return await startSession(request, reply, access, user.id, '/');
    } catch (err) {
      if (!isUpwatchError(err)) throw err;
      if (err.code === 'FORBIDDEN') return sendPage(reply, 403, setupRefusedPage());
      if (err.code !== 'VALIDATION') throw err;
      const view = { token, csrf: formCsrfToken(request, reply), username: input.username, passwordMin: PASSWORD_MIN, errors: formErrors(err) };
      return sendPage(reply, 400, setupFormPage(view));
    }
  });

  app.get<{ Querystring: { next?: string } }>('/login', PUBLIC, async (request, reply) => {
    const next = safeNext(request.query.next);
    // Logged in already: on to where the login was meant to lead.
    const current = request.cookies[SESSION_COOKIE];
    if (current !== undefined && (await access.sessions.resume(current))) return reply.redirect(next, 303);
    const noAccountYet = (await deps.store.countUsers()) === 0;
    return sendPage(reply, 200, loginPage({ csrf: formCsrfToken(request, reply), next, username: '', message: null, noAccountYet }));
  });

  app.post('/login', PUBLIC, async (request, reply) => {
    const next = safeNext(field(request.body, 'next'));
    if (!formCsrfOk(request)) return sendPage(reply, 403, formExpiredPage(`/login?next=${encodeURIComponent(next)}`));
    const username = field(request.body, 'username').trim();
    const again = (message: string) => loginPage({ csrf: formCsrfToken(request, reply), next, username, message, noAccountYet: false });
    const result = await logIn(deps, access.limiter, { client: request.ip, username, password: field(request.body, 'password') });
    switch (result.outcome) {
      case 'ok':
        return startSession(request, reply, access, result.user.id, next);
      case 'refused':
        return sendPage(reply, 401, again('Wrong username or password.'));
      case 'limited': {
        const seconds = Math.ceil(result.retryAfterMs / 1000);
        const minutes = Math.ceil(seconds / 60);
        void reply.header('retry-after', String(seconds));
        return sendPage(reply, 429, again(`Too many failed logins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`));
      }
    }
  });

  app.post('/logout', PUBLIC, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    const active = cookie === undefined ? undefined : await access.sessions.resume(cookie);
    if (active) {
      // Another site must not be able to log a user out either.
      if (!sessionCsrfOk(request, active.session.csrfToken)) return sendPage(reply, 403, formExpiredPage('/'));
      await access.sessions.end(cookie!);
    }
    void reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
    return reply.redirect('/login', 303);
  });
}

/** A validation error's fields as the form shows them, one message a field. */
function formErrors(err: UpwatchError): FormErrors {
  return Object.fromEntries(err.fields.map((f) => [f.path, f.message]));
}
