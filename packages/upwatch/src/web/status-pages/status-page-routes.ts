import type { FastifyInstance } from 'fastify';
import { UpwatchError } from '../../core/errors.js';
import { CompressibleBody, sendCompressible } from '../send-compressible.js';
import { gatherStatusPage, type StatusPageDeps } from './gather-status-page.js';
import { RenderedPageCache } from './rendered-page-cache.js';
import { renderStatusPage, renderStatusPageNotFound } from './render-status-page.js';
import { presentStatusPageJson } from './status-page-json.js';

/** Long enough to spare the server a crowd refreshing during an outage, short enough to follow one. */
const CACHE_CONTROL = 'public, max-age=30';
const HTML = 'text/html; charset=utf-8';
/**
 * How long the server keeps a rendered page: a crowd costs one render in this span, and a change
 * (a monitor down, the page edited) shows within it, well inside the browsers' own 30 s.
 */
export const RENDERED_PAGE_TTL_MS = 10_000;

type SlugRequest = { Params: { slug: string } };

/**
 * The public status pages: `/status/:slug` (HTML, no JavaScript) and `/status/:slug.json`, open
 * to all, gzipped for clients that take it, each kept rendered for RENDERED_PAGE_TTL_MS. An
 * unknown slug is a 404, not cached, so a page just published shows at once.
 */
export function publicStatusPageRoutes(app: FastifyInstance, deps: StatusPageDeps, options: { renderedTtlMs?: number } = {}): void {
  const cache = new RenderedPageCache(deps.clock, options.renderedTtlMs ?? RENDERED_PAGE_TTL_MS);
  const rendered = (slug: string, as: 'html' | 'json') =>
    cache.get(`${as}:${slug}`, async () => {
      const view = await gatherStatusPage(deps, slug);
      if (!view) return undefined;
      return new CompressibleBody(as === 'html' ? renderStatusPage(view).toString() : JSON.stringify(presentStatusPageJson(view)));
    });

  app.get<SlugRequest>('/status/:slug.json', { config: { public: true } }, async (request, reply) => {
    const body = await rendered(request.params.slug, 'json');
    if (!body) throw new UpwatchError('NOT_FOUND', `no status page "${request.params.slug}"`);
    return sendCompressible(request, reply.header('cache-control', CACHE_CONTROL), body, 'application/json; charset=utf-8');
  });

  app.get<SlugRequest>('/status/:slug', { config: { public: true } }, async (request, reply) => {
    const body = await rendered(request.params.slug, 'html');
    if (!body) return reply.status(404).header('cache-control', 'no-store').type(HTML).send(renderStatusPageNotFound(request.params.slug).toString());
    return sendCompressible(request, reply.header('cache-control', CACHE_CONTROL), body, HTML);
  });
}
