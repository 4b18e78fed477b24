import type { Request, RequestHandler, Response } from 'express';
import type { ErrorFormat } from './error-options.js';
import { notFoundResponse } from './error-response.js';
import { ensureRequestId } from './request-id.js';
import { pathWithoutQuery } from './request-facts.js';
import { sendResponse } from './send-response.js';

/** Options of {@link notFound}. */
export interface NotFoundOptions {
  /** Default: `json`, `{ "error": "Not Found", "requestId": … }`. Use the error handler's format. */
  format?: ErrorFormat;
}

/**
 * A JSON 404 for any request no route matched: mount it after the routes, before `errorHandler`.
 * Not logged: a scanner's misses are not errors.
 * @example
 * app.use(notFound());
 * app.use(errorHandler());
 */
export function notFound(options: NotFoundOptions = {}): RequestHandler {
  const format = options.format ?? 'json';
  return function upwatchNotFound(req: Request, res: Response): void {
    const request = { requestId: ensureRequestId(req, res), path: pathWithoutQuery(req.originalUrl || req.url) };
    sendResponse(res, notFoundResponse(request, format), req.method === 'HEAD');
  };
}
