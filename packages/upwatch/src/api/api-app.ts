import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import { setUpAccess } from './auth/access.js';
import { accountRoutes } from '../web/account-pages/account-routes.js';
import { apiErrorHandler, apiNotFound } from './http-errors.js';
import { loggedPath } from './logged-path.js';
import { deliveryRoutes } from './routes/delivery-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { incidentRoutes } from './routes/incident-routes.js';
import { maintenanceRoutes } from './routes/maintenance-routes.js';
import { badgeRoutes } from './routes/badge-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { seriesRoutes } from './routes/series-routes.js';
import { dashboardPageRoutes } from '../web/dashboard/dashboard-page-routes.js';
import { monitorRoutes } from './routes/monitor-routes.js';
import { notifierRoutes } from './routes/notifier-routes.js';
import { pingRoutes } from './routes/ping-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { statusPageRoutes } from './routes/status-page-routes.js';
import { publicStatusPageRoutes } from '../web/status-pages/status-page-routes.js';
import { uptimeRoutes } from './routes/uptime-routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route is open to all; every other route, and any unknown path, needs a login or a token. */
    public?: boolean;
    /** An HTML page: without a login it redirects (303) to /login?next=… instead of a 401. */
    page?: boolean;
    /** The path holds a secret (a heartbeat's ping token): logs show the route's pattern instead. */
    secretPath?: boolean;
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ApiOptions {
  /**
   * The reverse proxies (comma-separated addresses or CIDRs, or `loopback`) whose X-Forwarded-For,
   * -Proto and -Host are believed: the client's address for the login limit, https for Secure cookies.
   */
  trustProxy?: string | undefined;
}

/**
 * The REST API and the web face. Every call but the public ones (health, status pages, badges,
 * pings, the login pages) needs a login or `Authorization: Bearer <token>`: monitors carry URLs
 * and headers that may be secret, so reading them is not open either.
 */
export function buildApi(deps: ApiDeps, logger: FastifyBaseLogger, options: ApiOptions = {}): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
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

  // Security headers, then who is asking (a token or a session), then CSRF: src/api/auth/access.ts.
  const access = setUpAccess(app, deps);

  app.setErrorHandler(apiErrorHandler);
  app.setNotFoundHandler(apiNotFound);

  healthRoutes(app, deps);
  accountRoutes(app, deps, access);
  sessionRoutes(app);
  tokenRoutes(app, deps);
  monitorRoutes(app, deps);
  incidentRoutes(app, deps);
  deliveryRoutes(app, deps);
  maintenanceRoutes(app, deps);
  notifierRoutes(app, deps);
  statsRoutes(app, deps);
  uptimeRoutes(app, deps);
  badgeRoutes(app, deps);
  dashboardRoutes(app, deps);
  seriesRoutes(app, deps);
  eventRoutes(app, deps);
  dashboardPageRoutes(app);
  statusPageRoutes(app, deps);
  publicStatusPageRoutes(app, deps);
  // Its own scope: it reads any body as text, which the JSON API must not.
  void app.register((scope) => pingRoutes(scope, deps));
  return app;
}

