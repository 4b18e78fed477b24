import type { FastifyInstance } from 'fastify';
import { UpwatchError } from '../../core/errors.js';
import { sendCompressible } from '../send-compressible.js';
import { gatherStatusPage, type StatusPageDeps } from './gather-status-page.js';
import { renderStatusPage, renderStatusPageNotFound } from './render-status-page.js';
import { presentStatusPageJson } from './status-page-json.js';

/** Long enough to spare the server a crowd refreshing during an outage, short enough to follow one. */
const CACHE_CONTROL = 'public, max-age=30';
const HTML = 'text/html; charset=utf-8';

type SlugRequest = { Params: { slug: string } };

/**
 * The public status pages: `/status/:slug` (HTML, no JavaScript) and `/status/:slug.json`, open
 * to all, gzipped for clients that take it. An unknown slug is a 404, not cached, so a page just
 * published shows at once.
 */
export function publicStatusPageRoutes(app: FastifyInstance, deps: StatusPageDeps): void {
  app.get<SlugRequest>('/status/:slug.json', { config: { public: true } }, async (request, reply) => {
    const view = await gatherStatusPage(deps, request.params.slug);
    if (!view) throw new UpwatchError('NOT_FOUND', `no status page "${request.params.slug}"`);
    return sendCompressible(request, reply.header('cache-control', CACHE_CONTROL), JSON.stringify(presentStatusPageJson(view)), 'application/json; charset=utf-8');
  });

  app.get<SlugRequest>('/status/:slug', { config: { public: true } }, async (request, reply) => {
    const view = await gatherStatusPage(deps, request.params.slug);
    if (!view) return reply.status(404).header('cache-control', 'no-store').type(HTML).send(renderStatusPageNotFound(request.params.slug).toString());
    return sendCompressible(request, reply.header('cache-control', CACHE_CONTROL), renderStatusPage(view).toString(), HTML);
  });
}
