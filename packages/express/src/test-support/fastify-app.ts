import Fastify from 'fastify';
import { fastifyErrorHandler } from '../fastify-error-handler.js';
import { fastifyRequestIdOptions } from '../fastify-request-id-options.js';
import { ADMIN_SECRET, type ContractAppOptions, type RunningApp } from './contract-app.js';
import { httpError } from './http-error.js';

/**
 * The contract app on Fastify 5 with the plugin, its routes in a child plugin (encapsulated, as
 * real apps register them) to show the handler still reaches them.
 * @example const app = await startFastifyApp({ handler: { development: true }, db });
 */
export async function startFastifyApp({ handler, db }: ContractAppOptions): Promise<RunningApp> {
  const app = Fastify({ ...fastifyRequestIdOptions() });
  await app.register(fastifyErrorHandler, handler);
  await app.register(async (routes) => {
    routes.get<{ Params: { id: string } }>('/api/users/:id', async (request) => {
      const user = await db.findUser(request.params.id);
      if (!user) throw httpError(404, `no user with id ${request.params.id}`);
      return user;
    });
    routes.post<{ Body: { name?: unknown } }>('/api/users', async (request, reply) => {
      return reply.code(201).send({ created: request.body.name });
    });
    routes.post('/api/users/:id/email', async () => {
      throw httpError(422, 'email must contain "@"');
    });
    routes.get('/api/admin', async () => {
      throw httpError(403, `token ${ADMIN_SECRET} was revoked`, { expose: false });
    });
    routes.get<{ Params: { code: string } }>('/api/status/:code', async (request) => {
      throw Object.assign(new Error(`failed with status ${request.params.code}`), { status: Number(request.params.code) });
    });
    routes.get('/api/login', async () => {
      throw httpError(401, 'log in first', { headers: { 'WWW-Authenticate': 'Bearer' } });
    });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: () => app.close() };
}
