import type { Server } from 'node:http';
import type { ErrorHandlerOptions } from '../error-options.js';
import type { UserDb } from './user-db.js';

/**
 * The classic example app every framework adapter builds, route for route:
 * - `GET /api/users/:id`: the user, a thrown 404 when missing, or the database's error (async)
 * - `POST /api/users`: reads a JSON body, answers 201 `{ created: name }`
 * - `POST /api/users/:id/email`: throws an exposed 422 `email must contain "@"`
 * - `GET /api/admin`: throws a 403 with `expose: false` and a secret in its message
 * - `GET /api/status/:code`: throws an error whose `status` is `code`
 * - `GET /api/login`: throws a 401 with `headers: { 'WWW-Authenticate': 'Bearer' }`
 * and, after the routes, the package's not-found and error handling with `options.handler`.
 */
export interface ContractAppOptions {
  handler: ErrorHandlerOptions;
  db: UserDb;
}

export interface RunningApp {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export type StartContractApp = (options: ContractAppOptions) => Promise<RunningApp>;

export const ADMIN_SECRET = 'tok_live_s3cret';

/**
 * Listens on 127.0.0.1, port 0, and gives the base URL.
 * @example return listen(app.listen(0, '127.0.0.1'));
 */
export async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
