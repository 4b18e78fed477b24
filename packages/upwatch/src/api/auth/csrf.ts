import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOptions } from './cookie-options.js';
import { secretsEqual } from './secrets-equal.js';

/** Where a mutating request made with the session cookie carries the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
/** The double-submit cookie of the forms shown before a login exists (/setup, /login). */
export const FORM_CSRF_COOKIE = 'upwatch_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the method changes something, so that a request made with a cookie needs a CSRF token. */
export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/** The `_csrf` field of a form or JSON body; the first one if it came twice. */
function fieldOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[CSRF_FIELD];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/**
 * Whether the browser says the request came from another site. Sec-Fetch-Site, when sent, is the
 * browser's own judgement and does not depend on proxies: only `same-origin` (our own pages) and
 * `none` (typed or bookmarked) pass; `same-site` does not either, since a sibling subdomain could
 * set our double-submit cookie. Without it, an Origin naming another host (or `null`) is refused.
 * Without either, the CSRF token alone decides.
 */
export function isCrossSite(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}

/** Whether a mutating request carries the session's CSRF token (header or form field) and comes from our own pages. */
export function sessionCsrfOk(request: FastifyRequest, expected: string): boolean {
  const header = request.headers[CSRF_HEADER];
  const sent = typeof header === 'string' ? header : fieldOf(request.body);
  return sent !== undefined && secretsEqual(sent, expected) && !isCrossSite(request);
}

/**
 * The double-submit token of a pre-login form: the one in the browser's cookie, or a new one set
 * now. The page puts it in a hidden field; the post must send both, equal.
 */
export function formCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[FORM_CSRF_COOKIE];
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  void reply.setCookie(FORM_CSRF_COOKIE, token, cookieOptions(request));
  return token;
}

/** Whether a pre-login form's post carries its cookie's token in the field, from our own pages. */
export function formCsrfOk(request: FastifyRequest): boolean {
  const cookie = request.cookies[FORM_CSRF_COOKIE];
  const field = fieldOf(request.body);
  return cookie !== undefined && field !== undefined && secretsEqual(cookie, field) && !isCrossSite(request);
}
