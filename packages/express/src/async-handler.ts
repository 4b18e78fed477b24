import type { NextFunction, Request, Response } from 'express';

/**
 * Wraps an async route handler for Express 4, which ignores a rejected promise (the request
 * hangs, the process logs an unhandled rejection): the rejection goes to `next`, so the error
 * handler answers. Express 5 does this itself; the wrapper is harmless there.
 * @example
 * app.get('/api/users/:id', asyncHandler(async (req, res) => {
 *   res.json(await db.findUser(req.params.id));
 * }));
 */
// The defaults give an inline handler Express's types; any other (req, res) pair is kept as given.
export function asyncHandler<Req = Request, Res = Response>(
  handler: (req: Req, res: Res, next: NextFunction) => unknown,
): (req: Req, res: Res, next: NextFunction) => void {
  return function upwatchAsyncHandler(req: Req, res: Res, next: NextFunction): void {
    let result: unknown;
    try {
      result = handler(req, res, next);
    } catch (err) {
      next(err || new Error('a route handler threw a falsy value'));
      return;
    }
    if (isThenable(result)) {
      // Rejecting with nothing would read as "no error" to `next`, and the request would hang.
      result.then(undefined, (err: unknown) => next(err || new Error('a route handler rejected with a falsy value')));
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
