import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { LiveHub } from '../live/live-hub.js';
import type { SseOptions } from '../live/sse-client.js';

/** The pace of the live stream unless a test says otherwise. */
export const LIVE_STREAM_DEFAULTS = { batchMs: 1_000, heartbeatMs: 20_000, maxBufferBytes: 1024 * 1024, retryMs: 3_000 } as const;

/**
 * GET /api/events: Server-Sent Events of monitors' states and incidents as they change, for the
 * dashboard (`event: changes`, data `{ monitors: [...], incidents: [...] }`, at most one a second).
 * Without a live source (deps.live) the route is not there.
 */
export function eventRoutes(app: FastifyInstance, deps: ApiDeps, options: Partial<SseOptions> = {}): LiveHub | undefined {
  if (!deps.live) return undefined;
  const hub = new LiveHub(deps.live, { clock: deps.clock, ...LIVE_STREAM_DEFAULTS, ...options });
  // Before the server waits for its connections to end: an open stream never would.
  app.addHook('preClose', async () => hub.closeAll());

  app.get('/api/events', async (request, reply) => {
    reply.hijack();
    hub.connect(reply.raw, { 'x-request-id': String(request.id) });
  });
  return hub;
}
