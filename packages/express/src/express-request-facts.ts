import type { Request, Response } from 'express';
import { ensureRequestId } from './request-id.js';
import { pathWithoutQuery, type RequestFacts } from './request-facts.js';

/**
 * The log's and the report's view of an Express request. `originalUrl`, since a router mounted
 * at `/api` rewrites `req.url`.
 * @example expressRequestFacts(req, res) // { requestId, method: 'GET', path: '/api/users/7', route: '/api/users/:id' }
 */
export function expressRequestFacts(req: Request, res: Response): RequestFacts {
  const path = pathWithoutQuery(req.originalUrl || req.url);
  return { requestId: ensureRequestId(req, res), method: req.method, path, route: routePattern(req, path) };
}

// Express leaves `req.route` set when a route's handler fails, but it restores `req.baseUrl` on
// the way out of a mounted router, so by the time the app-level handler runs, the router's mount
// path is gone. A pattern with as many segments as the path is whole; one with fewer lost its
// mount path (or has wildcards or optional parts), and the path is the honest answer then.
function routePattern(req: Request, path: string): string | undefined {
  const route: unknown = (req as { route?: { path?: unknown } }).route?.path;
  if (typeof route !== 'string') return undefined;
  const pattern = `${req.baseUrl}${route}`;
  if (/[*?(){}]/.test(pattern)) return undefined;
  return segments(pattern) === segments(path) ? pattern : undefined;
}

function segments(path: string): number {
  return path.split('/').filter((part) => part !== '').length;
}
