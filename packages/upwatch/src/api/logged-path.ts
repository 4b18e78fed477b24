import type { FastifyRequest } from 'fastify';

/**
 * The path as logs may show it: without the query (it may carry a message or a key), and as its
 * route's pattern when the path itself holds a secret (`/ping/:token`).
 * @example loggedPath(request) // '/ping/:token'
 */
export function loggedPath(request: FastifyRequest): string {
  return request.routeOptions.config.secretPath === true ? (request.routeOptions.url ?? '') : request.url.split('?')[0]!;
}
