import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { UpwatchError } from '../core/errors.js';
import type { ApiDeps } from './api-deps.js';
import { bearerToken, hashToken } from './api-tokens.js';
import { apiErrorHandler, apiNotFound } from './http-errors.js';
import { loggedPath } from './logged-path.js';
import { deliveryRoutes } from './routes/delivery-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { incidentRoutes } from './routes/incident-routes.js';
import { maintenanceRoutes } from './routes/maintenance-routes.js';
import { badgeRoutes } from './routes/badge-routes.js';
import { monitorRoutes } from './routes/monitor-routes.js';
import { pingRoutes } from './routes/ping-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import { uptimeRoutes } from './routes/uptime-routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route is open to all; every other route, and any unknown path, needs a token. */
    public?: boolean;
    /** The path holds a secret (a heartbeat's ping token): logs show the route's pattern instead. */
    secretPath?: boolean;
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The REST API. Every call but the health check needs `Authorization: Bearer <token>`: monitors
 * carry URLs and headers that may be secret, so reading them is not open either.
 */
export function buildApi(deps: ApiDeps, logger: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: 256 * 1024,
    // A caller's own request id is kept when it is well formed, so both sides log the same one.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // One line per request, written below with the fields that matter, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: loggedPath(request), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'api request',
    );
  });

  // Decided on the route the router matched, not on the raw URL (which may be percent-encoded),
  // and before the body is read: a client without a token gets nothing parsed.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true) return;
    const token = bearerToken(request.headers.authorization);
    if (!token || !(await deps.store.findApiTokenByHash(hashToken(token)))) {
      throw new UpwatchError('UNAUTHORIZED', 'send a valid API token as "Authorization: Bearer <token>"');
    }
  });

  app.setErrorHandler(apiErrorHandler);
  app.setNotFoundHandler(apiNotFound);

  healthRoutes(app, deps);
  monitorRoutes(app, deps);
  incidentRoutes(app, deps);
  deliveryRoutes(app, deps);
  maintenanceRoutes(app, deps);
  statsRoutes(app, deps);
  uptimeRoutes(app, deps);
  badgeRoutes(app, deps);
  // Its own scope: it reads any body as text, which the JSON API must not.
  void app.register((scope) => pingRoutes(scope, deps));
  return app;
}

