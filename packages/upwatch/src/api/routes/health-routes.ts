import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';

const startedAt = Date.now();

/** Open to all: load balancers and upwatch itself probe it. */
export function healthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/health', { config: { public: true } }, async () => ({
    status: 'ok',
    version: deps.version,
    uptime_s: Math.round((Date.now() - startedAt) / 1000),
  }));
}
