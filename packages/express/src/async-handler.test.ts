import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import express4 from 'express4';
import type { NextFunction, Request, Response } from 'express';
import { asyncHandler } from './async-handler.js';
import { errorHandler } from './error-handler.js';
import { listen, type RunningApp } from './test-support/contract-app.js';
import { runErrorContract } from './test-support/error-contract.js';
import { startExpress4App } from './test-support/express-apps.js';
import { memoryLog } from './test-support/memory-log.js';

// Express 4 with asyncHandler around its async routes passes the whole contract.
runErrorContract('Express 4', startExpress4App);

describe('asyncHandler', () => {
  const running: RunningApp[] = [];
  after(async () => {
    await Promise.all(running.map((app) => app.close()));
  });

  test('on Express 4, a rejection reaches the error handler; a falsy rejection still counts as an error', async () => {
    const log = memoryLog();
    const app = express4();
    app.get('/rejects', asyncHandler(async () => Promise.reject(new Error('pool exhausted'))));
    app.get('/rejects-with-nothing', asyncHandler(async () => Promise.reject(undefined)));
    app.get('/throws', asyncHandler(() => {
      throw new Error('sync failure');
    }));
    app.get('/ok', asyncHandler(async (_req: Request, res: Response) => {
      await new Promise((resolve) => setImmediate(resolve));
      res.json({ ok: true });
    }));
    app.use(errorHandler({ logger: log.logger, development: true }));
    const server = await listen(app.listen(0, '127.0.0.1'));
    running.push(server);

    const messages = [];
    for (const path of ['/rejects', '/rejects-with-nothing', '/throws']) {
      const res = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(2000) });
      assert.equal(res.status, 500, path);
      messages.push(((await res.json()) as { message: string }).message);
    }
    assert.deepEqual(messages, ['pool exhausted', 'a route handler rejected with a falsy value', 'sync failure']);
    assert.deepEqual(await (await fetch(`${server.url}/ok`)).json(), { ok: true });
    assert.equal(log.records().length, 3);
  });

  test('passes req, res and next through, and calls next once with the error', async () => {
    const seen: unknown[] = [];
    const req = { id: 'r1' } as unknown as Request;
    const res = {} as Response;
    const next: NextFunction = (err?: unknown) => void seen.push(err);
    const failure = new Error('x');
    let args: unknown[] = [];
    asyncHandler(async (...received: [Request, Response, NextFunction]) => {
      args = received;
      throw failure;
    })(req, res, next);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(args, [req, res, next]);
    assert.deepEqual(seen, [failure]);

    asyncHandler(async () => 'done')(req, res, next);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(seen.length, 1, 'a handler that resolves calls no next');
  });
});
