import type { FastifyRequest } from 'fastify';

/**
 * The path as logs may show it: without the query (it may carry a message or a key), and as its
 * route's pattern when the path itself holds a secret (`/ping/:token`).
 * @example loggedPath(request) // '/ping/:token'
 */
export function loggedPath(request: FastifyRequest): string {
  if (request.routeOptions.config.secretPath === true) return request.routeOptions.url ?? '';
  const path = request.url.split('?')[0]!;
  // A ping URL that matched no route (a trailing slash, a typo in the action) still holds its token.
  return /^\/+ping\//i.test(path) ? '/ping/…' : path;
}
