import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { fastifyErrorHandler } from './fastify-error-handler.js';
import { fastifyRequestIdOptions } from './fastify-request-id-options.js';
import { runErrorContract } from './test-support/error-contract.js';
import { startFastifyApp } from './test-support/fastify-app.js';
import { memoryLog, waitFor } from './test-support/memory-log.js';

runErrorContract('Fastify', startFastifyApp);

describe('Fastify plugin', () => {
  test('fastifyRequestIdOptions: request.id follows the rule, so Fastify\'s own log lines carry the same id', async () => {
    const fastifyLog = memoryLog();
    let counter = 0;
    const app = Fastify({ loggerInstance: fastifyLog.logger, ...fastifyRequestIdOptions({ generate: () => `gen-${++counter}` }) });
    // Fastify's own logger serves as the error logger too.
    await app.register(fastifyErrorHandler, { logger: app.log });
    app.get('/id', async (request) => ({ id: request.id }));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const kept = await fetch(`${url}/id`, { headers: { 'x-request-id': 'caller-9' } });
      assert.equal(kept.headers.get('x-request-id'), 'caller-9');
      assert.deepEqual(await kept.json(), { id: 'caller-9' });
      const replaced = await fetch(`${url}/id`, { headers: { 'x-request-id': '<script>' } });
      assert.equal(replaced.headers.get('x-request-id'), 'gen-1');
      const none = await fetch(`${url}/id`);
      assert.equal(none.headers.get('x-request-id'), 'gen-2');
      assert.ok(fastifyLog.records().some((r) => r['reqId'] === 'caller-9'), 'Fastify logged the request under the kept id');
      await fetch(`${url}/boom`, { headers: { 'x-request-id': 'caller-10' } });
      const [line] = fastifyLog.withMessage('request failed');
      assert.equal(line?.['requestId'], 'caller-10');
      assert.equal(line?.['route'], '/boom');
    } finally {
      await app.close();
    }
  });

  test('without the constructor options the plugin still echoes Fastify\'s own id', async () => {
    const app = Fastify();
    await app.register(fastifyErrorHandler, { logger: memoryLog().logger });
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    try {
      const res = await app.inject({ url: '/boom', headers: { 'x-request-id': 'ignored-by-fastify' } });
      assert.equal(res.statusCode, 500);
      assert.match(String(res.headers['x-request-id']), /^req-/);
      assert.equal(res.json().requestId, res.headers['x-request-id']);
    } finally {
      await app.close();
    }
  });

  test('an error after the raw response started is logged and handed on; Fastify aborts the response', async () => {
    const log = memoryLog();
    const app = Fastify({ ...fastifyRequestIdOptions() });
    await app.register(fastifyErrorHandler, { logger: log.logger });
    app.get('/export', async (_request, reply) => {
      reply.raw.writeHead(200, { 'content-type': 'text/csv' });
      reply.raw.write('first rows,');
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('the stream broke');
    });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${url}/export`, { headers: { 'x-request-id': 'export-2' }, signal: AbortSignal.timeout(3000) });
      assert.equal(res.status, 200);
      await assert.rejects(res.text(), (err: Error) => err.name === 'TypeError', 'cut off, not a clean end nor a hang');
      await waitFor(() => log.records().length > 0);
      const [line, ...more] = log.records();
      assert.deepEqual(more, []);
      assert.equal(line?.['msg'], 'request failed after its response had started');
      assert.equal(line?.['headersSent'], true);
      assert.equal(line?.['requestId'], 'export-2');
      assert.equal(line?.['route'], '/export');
    } finally {
      await app.close();
    }
  });

  test('a validation error from a route schema is a 400 that names the field', async () => {
    const app = Fastify();
    await app.register(fastifyErrorHandler, { logger: memoryLog().logger, development: false });
    app.post('/users', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({}));
    try {
      const res = await app.inject({ method: 'POST', url: '/users', payload: { nom: 'x' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'Bad Request');
      assert.match(res.json().message, /name/);
    } finally {
      await app.close();
    }
  });
});
