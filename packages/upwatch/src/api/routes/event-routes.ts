import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { bearerToken, hashToken } from '../api-tokens.js';
import { presentUptime } from '../live/dashboard-state.js';
import { LiveHub } from '../live/live-hub.js';
import type { SseOptions } from '../live/sse-client.js';

/** The pace of the live stream unless a test says otherwise. */
export const LIVE_STREAM_DEFAULTS = { batchMs: 1_000, heartbeatMs: 20_000, maxBufferBytes: 1024 * 1024, retryMs: 3_000 } as const;
/** How often the 24-hour uptimes are re-read while a dashboard is open: ~0.3 s of reads at 10,000 monitors. */
export const UPTIME_REFRESH_MS = 60_000;

/**
 * GET /api/events: Server-Sent Events of monitors' states and incidents as they change, for the
 * dashboard (`event: changes`, data `{ monitors: [...], incidents: [...] }`, at most one a second,
 * with `uptimes: [{ id, uptime_24h }]` once a minute for the monitors whose 24-hour uptime moved).
 * Without a live source (deps.live) the route is not there.
 */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps, options: Partial<SseOptions> & { uptimeRefreshMs?: number } = {}): LiveHub | undefined {
  if (!deps.live) return undefined;
  const { uptimeRefreshMs = UPTIME_REFRESH_MS, ...sse } = options;
  const uptimes = {
    read: async () => {
      const counts = await deps.store.uptimes24h(deps.clock.now());
      return new Map([...counts].map(([id, c]) => [id, presentUptime(c.uptime)]));
    },
    everyMs: uptimeRefreshMs,
  };
  const hub = new LiveHub(deps.live, { clock: deps.clock, ...LIVE_STREAM_DEFAULTS, ...sse }, uptimes);
  // Before the server waits for its connections to end: an open stream never would.
  app.addHook('preClose', async () => hub.closeAll());

  app.get('/api/events', async (request, reply) => {
    const stillAllowed = credentialCheck(deps, request);
    reply.hijack();
    hub.connect(reply.raw, { 'x-request-id': String(request.id) }, stillAllowed);
  });
  return hub;
}

/**
 * Whether the session or token a stream was opened with still holds. The auth hook checks a
 * request once, at its start; a stream lasts for hours, and must end at a logout or when its
 * token is revoked (the hub asks at each heartbeat, every 20 s).
 */
function credentialCheck(deps: ApiDeps, request: FastifyRequest): () => Promise<boolean> {
  const auth = request.auth;
  if (auth?.via === 'token') {
    const hash = hashToken(bearerToken(request.headers.authorization) ?? '');
    return async () => (await deps.store.findApiTokenByHash(hash))?.id === auth.tokenId;
  }
  if (auth?.via === 'session') {
    return async () => {
      const found = await deps.store.findSession(auth.sessionId);
      return found !== undefined && found.session.expiresAt > deps.clock.now();
    };
  }
  return async () => false;
}
