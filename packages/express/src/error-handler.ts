import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { resolveErrorOptions, type ErrorHandlerOptions } from './error-options.js';
import { expressRequestFacts } from './express-request-facts.js';
import { handleError, logLateError } from './handle-error.js';
import { sendResponse } from './send-response.js';

/**
 * The global error handler for Express 4 and 5: mount it last. Logs each error once in full
 * with the request id, answers `{ error, message, requestId }` (or problem+json), keeps a
 * thrown 4xx a 4xx, and in production never shows a stack, SQL or file path. After the response
 * has started it hands the error to Express's own handler, which ends the connection.
 * @example
 * app.use(requestId());
 * app.get('/api/users/:id', async (req, res) => res.json(await db.findUser(req.params.id)));
 * app.use(notFound());
 * app.use(errorHandler({ logger, report: (r) => upwatch.send(r) }));
 */
export function errorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const resolved = resolveErrorOptions(options);
  // Four parameters: that is how Express tells an error handler from a middleware.
  return function upwatchErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
    const request = expressRequestFacts(req, res);
    if (res.headersSent) {
      logLateError(err, request, resolved);
      next(err);
      return;
    }
    sendResponse(res, handleError(err, request, resolved, res), req.method === 'HEAD');
  };
}
