import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

/**
 * How every cookie of ours is set: out of scripts' reach, not sent on cross-site posts, and over
 * https only when the request came over https (directly, or through a proxy trusted with
 * `--trust-proxy`); a plain-http install on a LAN must still be able to log in.
 *
 * @example
 * reply.setCookie(SESSION_COOKIE, value, { ...cookieOptions(request), maxAge: 30 * 86_400 });
 */
export function cookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' };
}
