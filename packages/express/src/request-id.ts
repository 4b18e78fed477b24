import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pickRequestId } from './request-id-rule.js';

declare global {
  // Express's own augmentation point: @types/express 4 and 5 both merge this into their Request.
  namespace Express {
    interface Request {
      /** The request id: the caller's well-formed `X-Request-Id`, else a new UUID. Set by `requestId()`. */
      id: string;
    }
  }
}

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** Makes a new id when the caller sent none or a malformed one. Default: `crypto.randomUUID`. */
  generate?: () => string;
}

/**
 * Middleware that gives every request an id: the caller's `X-Request-Id` when well formed
 * (1 to 128 of `A-Z a-z 0-9 . _ : -`), else a new UUID. Sets `req.id` and the `X-Request-Id`
 * response header, so the id a client sees is the one in your logs. Mount it first.
 * @example
 * app.use(requestId());
 * app.get('/', (req, res) => res.json({ requestId: req.id }));
 */
export function requestId(options: RequestIdOptions = {}): RequestHandler {
  const { generate } = options;
  return function upwatchRequestId(req: Request, res: Response, next: NextFunction): void {
    assignRequestId(req, res, generate);
    next();
  };
}

/**
 * The request's id, assigned now by the same rule as `requestId()` if that middleware did not run,
 * so the 404 and error answers carry an id even in an app that forgot to mount it.
 * @example const id = ensureRequestId(req, res);
 */
export function ensureRequestId(req: Request, res: Response): string {
  // Read through a looser type: the augmentation says `string`, but only requestId() makes it so.
  const current: unknown = (req as { id?: unknown }).id;
  if (typeof current === 'string' && current !== '') return current;
  return assignRequestId(req, res);
}

function assignRequestId(req: Request, res: Response, generate?: () => string): string {
  const id = pickRequestId(req.headers['x-request-id'], generate);
  req.id = id;
  if (!res.headersSent) res.setHeader('x-request-id', id);
  return id;
}
