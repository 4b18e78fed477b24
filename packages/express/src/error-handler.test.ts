import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import express5 from 'express';
import express4 from 'express4';
import { asyncHandler } from './async-handler.js';
import { errorHandler } from './error-handler.js';
import type { ErrorReport } from './error-report.js';
import { notFound } from './not-found.js';
import { requestId } from './request-id.js';
import { listen, type RunningApp } from './test-support/contract-app.js';
import { runErrorContract } from './test-support/error-contract.js';
import { startExpress5App } from './test-support/express-apps.js';
import { memoryLog, waitFor } from './test-support/memory-log.js';

runErrorContract('Express 5', startExpress5App);

// What only Express has: next(err) after the headers went out, mounted routers, and apps that
// mount errorHandler() without requestId(). Run on both majors.
for (const [major, express] of [['Express 5', express5], ['Express 4', express4 as typeof express5]] as const) {
  describe(`${major}: errorHandler`, () => {
    const running: RunningApp[] = [];
    after(async () => {
      await Promise.all(running.map((app) => app.close()));
    });
    async function serve(app: ReturnType<typeof express5>): Promise<string> {
      const server = await listen(app.listen(0, '127.0.0.1'));
      running.push(server);
      return server.url;
    }

    test('an error after the response started is logged and handed to the next handler (next(err))', async () => {
      const log = memoryLog();
      const handedOver: unknown[] = [];
      const broken = new Error('the stream broke');
      const app = express();
      app.set('env', 'test'); // Express's own final handler prints every stack outside 'test'
      app.use(requestId());
      app.get(
        '/export',
        asyncHandler(async (_req, res) => {
          res.status(200).write('first rows,');
          await new Promise((resolve) => setTimeout(resolve, 10));
          throw broken;
        }),
      );
      app.use(errorHandler({ logger: log.logger }));
      app.use((err: unknown, _req: express5.Request, _res: express5.Response, next: express5.NextFunction) => {
        handedOver.push(err);
        next(err);
      });
      const url = await serve(app);

      const res = await fetch(`${url}/export`, { headers: { 'x-request-id': 'export-1' }, signal: AbortSignal.timeout(3000) });
      assert.equal(res.status, 200, 'the status had already gone out');
      // Express ends the connection: the client sees a cut-off body ("terminated"), not a clean end nor a hang.
      await assert.rejects(res.text(), (err: Error) => err.name === 'TypeError');
      await waitFor(() => handedOver.length === 1);
      assert.equal(handedOver[0], broken);
      const [line, ...more] = log.records();
      assert.deepEqual(more, []);
      assert.equal(line?.['msg'], 'request failed after its response had started');
      assert.equal(line?.['level'], 50);
      assert.equal(line?.['headersSent'], true);
      assert.equal(line?.['requestId'], 'export-1');
      assert.equal(line?.['message'], 'the stream broke');
      assert.equal(line?.['path'], '/export');
    });

    test('a router mounted at a path: the report falls back to the path, since Express forgets the mount path', async () => {
      const log = memoryLog();
      const reports: ErrorReport[] = [];
      const app = express();
      const router = express.Router();
      router.get('/users/:id', () => {
        throw new Error('no database');
      });
      app.use('/api/v2', router);
      app.get('/health/:part', () => {
        throw new Error('no disk');
      });
      app.use(errorHandler({ logger: log.logger, report: (r) => void reports.push(r) }));
      const url = await serve(app);

      assert.equal((await fetch(`${url}/api/v2/users/7?x=1`)).status, 500);
      assert.equal((await fetch(`${url}/health/disk`)).status, 500);
      await waitFor(() => reports.length === 2);
      assert.deepEqual(reports.map((r) => r.route), ['/api/v2/users/7', '/health/:part']);
      assert.deepEqual(log.records().map((r) => r['route']), [undefined, '/health/:part']);
    });

    test('without requestId() the 404 and the error answers still carry an id, the caller\'s when well formed', async () => {
      const log = memoryLog();
      const app = express();
      app.get('/boom', () => {
        throw new Error('boom');
      });
      app.use(notFound());
      app.use(errorHandler({ logger: log.logger }));
      const url = await serve(app);

      const boom = await fetch(`${url}/boom`, { headers: { 'x-request-id': 'caller-7' } });
      assert.equal(boom.headers.get('x-request-id'), 'caller-7');
      assert.equal(((await boom.json()) as { requestId: string }).requestId, 'caller-7');
      assert.equal(log.records()[0]?.['requestId'], 'caller-7');
      const missing = await fetch(`${url}/nope`, { headers: { 'x-request-id': 'bad id' } });
      const body = (await missing.json()) as { requestId: string };
      assert.match(body.requestId, /^[0-9a-f-]{36}$/);
      assert.equal(missing.headers.get('x-request-id'), body.requestId);
    });

    test('any logger with error(obj, msg) will do; without warn(), 4xx go to error() too', async () => {
      const calls: Array<{ obj: Record<string, unknown>; msg: string }> = [];
      const logger = { error: (obj: object, msg: string) => void calls.push({ obj: obj as Record<string, unknown>, msg }) };
      const app = express();
      app.use(requestId());
      app.get('/gone', () => {
        throw Object.assign(new Error('moved away'), { status: 410 });
      });
      app.use(errorHandler({ logger }));
      const url = await serve(app);

      const res = await fetch(`${url}/gone`);
      assert.equal(res.status, 410);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.msg, 'request failed');
      assert.equal(calls[0]?.obj['status'], 410);
      assert.equal(calls[0]?.obj['message'], 'moved away');
      assert.equal(calls[0]?.obj['requestId'], res.headers.get('x-request-id'));
    });

    test('HEAD gets the error status and headers without a body', async () => {
      const app = express();
      app.get('/boom', () => {
        throw new Error('boom');
      });
      app.use(errorHandler({ logger: memoryLog().logger }));
      const url = await serve(app);
      const res = await fetch(`${url}/boom`, { method: 'HEAD' });
      assert.equal(res.status, 500);
      assert.match(String(res.headers.get('content-type')), /^application\/json/);
      assert.equal(await res.text(), '');
    });
  });
}
