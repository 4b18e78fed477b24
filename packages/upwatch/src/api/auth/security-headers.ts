import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** No inline script or style anywhere: server-rendered pages link /assets/*, the dashboard is bundled. */
const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** A year: what browsers' preload lists ask for. Sent over https only. */
const HSTS = 'max-age=31536000';

/**
 * Security headers on every answer, errors and 404s included (helmet sets them as the request
 * arrives). Register before anything that may answer early, such as the auth hook.
 *
 * @example securityHeaders(app);
 */
export function securityHeaders(app: FastifyInstance): void {
  void app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS over plain http means nothing and, sent on a LAN address, could pin it to https: below.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async function transportHeaders(request, reply) {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    // Badges are made to be shown on other sites' pages: the default same-origin policy would blank them.
    if (request.routeOptions.url?.startsWith('/badge/') === true) void reply.header('cross-origin-resource-policy', 'cross-origin');
  });
}
