import assert from 'node:assert/strict';
import { test } from 'node:test';
import express from 'express';
import { requestId } from './request-id.js';
import { listen } from './test-support/contract-app.js';

test('requestId(): req.id and the response header agree, on success answers too; `generate` makes the new ones', async () => {
  let n = 0;
  const app = express();
  app.use(requestId({ generate: () => `svc-${++n}` }));
  app.get('/whoami', (req, res) => {
    res.json({ id: req.id });
  });
  const server = await listen(app.listen(0, '127.0.0.1'));
  try {
    const kept = await fetch(`${server.url}/whoami`, { headers: { 'x-request-id': 'caller-5' } });
    assert.equal(kept.headers.get('x-request-id'), 'caller-5');
    assert.deepEqual(await kept.json(), { id: 'caller-5' });
    const fresh = await fetch(`${server.url}/whoami`);
    assert.equal(fresh.headers.get('x-request-id'), 'svc-1');
    assert.deepEqual(await fresh.json(), { id: 'svc-1' });
    // Two headers reach Node as one value joined by ", ", which is not well formed.
    const doubled = await fetch(`${server.url}/whoami`, { headers: [['x-request-id', 'a'], ['x-request-id', 'b']] });
    assert.equal(doubled.headers.get('x-request-id'), 'svc-2');
  } finally {
    await server.close();
  }
});
