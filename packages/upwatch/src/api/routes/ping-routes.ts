import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HeartbeatPingKind } from '../../core/heartbeat.js';
import { HEARTBEAT_MESSAGE_MAX } from '../../core/heartbeat.js';
import type { ApiDeps } from '../api-deps.js';

/** A job may send its log tail; more than this is refused rather than read into memory. */
const PING_BODY_LIMIT = 100 * 1024;
const ENDINGS: Record<string, HeartbeatPingKind> = { '': 'success', '/start': 'start', '/fail': 'fail' };

type PingRequest = FastifyRequest<{ Params: { token: string }; Querystring: { msg?: string } }>;

/**
 * The ping URLs of heartbeat monitors: /ping/:token, /ping/:token/start and /ping/:token/fail, by
 * GET, HEAD or POST and without a login (the token is the secret), as cron jobs call them with curl
 * or wget. A message comes as the body or `?msg=`, kept cut to 10,000 characters.
 */
export async function pingRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  // Any body is a message: text, JSON, a form, bytes. Registered in this plugin's scope only.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: PING_BODY_LIMIT }, (_request, body, done) => done(null, body));

  for (const [ending, kind] of Object.entries(ENDINGS)) {
    app.route({
      method: ['GET', 'HEAD', 'POST'],
      url: `/ping/:token${ending}`,
      config: { public: true, secretPath: true },
      handler: async (request: PingRequest, reply) => {
        const monitorId = deps.heartbeats.monitorFor(request.params.token);
        if (monitorId === undefined) {
          return reply.status(404).type('text/plain; charset=utf-8').send('no heartbeat monitor has this ping URL\n');
        }
        await deps.heartbeats.record(monitorId, kind, messageOf(request), request.ip);
        deps.runtime.checkNow(monitorId);
        return reply.type('text/plain; charset=utf-8').send('OK\n');
      },
    });
  }
}

function messageOf(request: PingRequest): string | null {
  const body = typeof request.body === 'string' && request.body.trim() !== '' ? request.body : null;
  const query = typeof request.query.msg === 'string' && request.query.msg.trim() !== '' ? request.query.msg : null;
  const message = body ?? query;
  return message === null ? null : message.slice(0, HEARTBEAT_MESSAGE_MAX);
}
