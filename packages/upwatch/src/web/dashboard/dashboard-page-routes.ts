import type { FastifyInstance } from 'fastify';
import { acceptsGzip } from '../send-compressible.js';
import { DEFAULT_ASSETS_DIR, loadAssetFiles } from './asset-files.js';
import { dashboardShell } from './dashboard-shell.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Unhashed files (site.css) keep their name across versions: browsers check back after 5 minutes. */
const SHORT = 'public, max-age=300';

/**
 * The dashboard: its shell at `/` (a page: without a login it redirects to /login) and the built
 * assets at `/assets/*` (public: the login page needs site.css too). The assets are read once, here.
 * @example dashboardPageRoutes(app); dashboardPageRoutes(app, { assetsDir: '/tmp/not-built' });
 */
export function dashboardPageRoutes(app: FastifyInstance, options: { assetsDir?: string } = {}): void {
  const assets = loadAssetFiles(options.assetsDir ?? DEFAULT_ASSETS_DIR);
  const shell = dashboardShell(assets.manifest).toString();
  const built = assets.manifest !== null;

  app.get('/', { config: { page: true } }, async (_request, reply) =>
    reply
      .status(built ? 200 : 503)
      .type('text/html; charset=utf-8')
      // The shell names this build's hashed files: always asked for again, so an upgrade shows at once.
      .header('cache-control', 'no-cache')
      .send(shell),
  );

  app.get<{ Params: { '*': string } }>('/assets/*', { config: { public: true } }, async (request, reply) => {
    const name = request.params['*'];
    const asset = assets.files.get(name);
    if (!asset) return reply.callNotFound();
    void reply
      .header('cache-control', asset.immutable ? IMMUTABLE : SHORT)
      .header('etag', asset.etag)
      .header('vary', 'accept-encoding')
      .type(asset.contentType);
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    if (asset.gzipped && acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(asset.gzipped);
    return reply.send(asset.body);
  });
}
