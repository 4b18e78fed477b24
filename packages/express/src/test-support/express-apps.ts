import express5 from 'express';
import express4 from 'express4';
import { asyncHandler } from '../async-handler.js';
import { errorHandler } from '../error-handler.js';
import { notFound } from '../not-found.js';
import { requestId } from '../request-id.js';
import { ADMIN_SECRET, listen, type ContractAppOptions, type RunningApp } from './contract-app.js';
import { httpError } from './http-error.js';

type Express = typeof express5;

/**
 * The contract app on Express 5, whose router passes a rejected promise to the error handler.
 * @example const app = await startExpress5App({ handler: { development: true }, db });
 */
export function startExpress5App(options: ContractAppOptions): Promise<RunningApp> {
  return startExpressApp(express5, options, (handler) => handler);
}

/**
 * The contract app on Express 4, whose async routes need `asyncHandler`.
 * @example const app = await startExpress4App({ handler: {}, db });
 */
export function startExpress4App(options: ContractAppOptions): Promise<RunningApp> {
  return startExpressApp(express4, options, asyncHandler);
}

type Wrap = (handler: express5.RequestHandler) => express5.RequestHandler;

function startExpressApp(express: Express, { handler, db }: ContractAppOptions, wrapAsync: Wrap): Promise<RunningApp> {
  const app = express();
  app.use(requestId());
  app.use(express.json());

  app.get(
    '/api/users/:id',
    wrapAsync(async (req, res) => {
      const id = String(req.params['id']);
      const user = await db.findUser(id);
      if (!user) throw httpError(404, `no user with id ${id}`);
      res.json(user);
    }),
  );
  app.post('/api/users', (req, res) => {
    res.status(201).json({ created: (req.body as { name?: unknown }).name });
  });
  app.post('/api/users/:id/email', () => {
    throw httpError(422, 'email must contain "@"');
  });
  app.get('/api/admin', () => {
    throw httpError(403, `token ${ADMIN_SECRET} was revoked`, { expose: false });
  });
  app.get('/api/status/:code', (req) => {
    throw Object.assign(new Error(`failed with status ${String(req.params['code'])}`), { status: Number(req.params['code']) });
  });
  app.get('/api/login', () => {
    throw httpError(401, 'log in first', { headers: { 'WWW-Authenticate': 'Bearer' } });
  });

  app.use(notFound(handler.format === undefined ? {} : { format: handler.format }));
  app.use(errorHandler(handler));
  return listen(app.listen(0, '127.0.0.1'));
}
