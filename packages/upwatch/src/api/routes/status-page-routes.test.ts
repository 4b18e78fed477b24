import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { aMonitor, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import { issueApiToken } from '../api-tokens.js';

/** /api/status-pages in process over a real SQLite store: CRUD, validation by field, conflicts. */
describe('status pages API', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const clock = new ManualClock(T0);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-status-api-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    await store.insertMonitor(aMonitor('id-api', { name: 'api' }));
    await store.insertMonitor(aMonitor('id-web', { name: 'web' }));
    await store.insertMonitor(aMonitor('id-db', { name: 'db' }));
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => clock.now()), heartbeats: new HeartbeatLog(store, () => clock.now(), pingTokenOf) },
      pino({ level: 'silent' }),
    );
    const { token } = await issueApiToken(store, 'test', T0, randomUUID);
    auth = { authorization: `Bearer ${token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const res = await app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body === '' ? undefined : res.json(), headers: res.headers };
  };

  test('needs a login or a token: anonymous calls are 401', async () => {
    assert.equal((await app.inject({ url: '/api/status-pages' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'POST', url: '/api/status-pages', payload: { slug: 'x', title: 'X', groups: [] } })).statusCode, 401);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/status-pages/x' })).statusCode, 401);
  });

  test('create, read, list, change and delete; monitors given by name or id are stored as ids', async () => {
    const created = await call('POST', '/api/status-pages', {
      slug: 'acme',
      title: '  Acme status ',
      description: 'Our public services',
      groups: [{ name: 'Front', monitors: ['web', 'id-api'] }, { name: 'Data', monitors: ['db'] }],
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers.location, '/api/status-pages/acme');
    assert.deepEqual({ ...created.body, id: 'x' }, {
      id: 'x',
      slug: 'acme',
      title: 'Acme status',
      description: 'Our public services',
      groups: [{ name: 'Front', monitors: ['id-web', 'id-api'] }, { name: 'Data', monitors: ['id-db'] }],
      url: '/status/acme',
      created_at: new Date(T0).toISOString(),
      updated_at: new Date(T0).toISOString(),
    });
    assert.deepEqual((await call('GET', '/api/status-pages/acme')).body, created.body);
    assert.deepEqual((await call('GET', '/api/status-pages')).body, { status_pages: [created.body] });

    await clock.advance(60_000);
    const changed = await call('PATCH', '/api/status-pages/acme', { title: 'Acme', groups: [{ name: 'All', monitors: ['api'] }] });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.title, 'Acme');
    assert.equal(changed.body.description, 'Our public services', 'keys not sent are kept');
    assert.deepEqual(changed.body.groups, [{ name: 'All', monitors: ['id-api'] }]);
    assert.equal(changed.body.updated_at, new Date(T0 + 60_000).toISOString());

    const moved = await call('PATCH', '/api/status-pages/acme', { slug: 'acme-corp', description: null });
    assert.equal(moved.body.url, '/status/acme-corp');
    assert.equal(moved.body.description, '', 'a null description clears it');
    assert.equal((await call('GET', '/api/status-pages/acme')).status, 404);

    assert.equal((await call('DELETE', '/api/status-pages/acme-corp')).status, 204);
    const gone = await call('GET', '/api/status-pages/acme-corp');
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'NOT_FOUND');
    assert.equal((await call('DELETE', '/api/status-pages/acme-corp')).status, 404);
    assert.equal((await call('PATCH', '/api/status-pages/acme-corp', { title: 'x' })).status, 404);
    assert.ok(await store.findMonitor('api'), 'deleting a page leaves its monitors');
  });

  test('invalid input is a 400 that names the field', async () => {
    const problem = async (payload: unknown, method: 'POST' | 'PATCH' = 'POST', url = '/api/status-pages') => {
      const res = await call(method, url, payload);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'VALIDATION');
      return res.body.message as string;
    };
    const base = { slug: 'ok', title: 'OK', groups: [] };
    assert.equal(await problem({ ...base, groups: [{ name: 'A', monitors: ['api'] }, { name: 'B', monitors: ['foo'] }] }), 'groups[1].monitors[0]: no monitor "foo"');
    assert.match(await problem({ ...base, slug: 'Acme Inc' }), /^slug: must be the page's address: 1 to 64 lowercase letters, digits and dashes/);
    assert.match(await problem({ ...base, slug: 'a'.repeat(65) }), /^slug: /);
    assert.match(await problem({ ...base, slug: 'a.json' }), /^slug: /, 'no dots: /status/<slug>.json must stay unambiguous');
    assert.match(await problem({ slug: 'ok', groups: [] }), /^title: is required/);
    assert.match(await problem({ ...base, title: '   ' }), /^title: must have some text/);
    assert.match(await problem({ slug: 'ok', title: 'OK' }), /^groups: is required/);
    assert.match(await problem({ ...base, groups: [{ name: 'A' }] }), /^groups\[0\]\.monitors: is required/);
    assert.match(await problem({ ...base, groups: [{ name: 'A', monitors: 'api' }] }), /^groups\[0\]\.monitors: must be a list/);
    assert.match(await problem({ ...base, groups: [{ name: 'A', monitors: [], colour: 'red' }] }), /^groups\[0\]\.colour: is not allowed here/);
    assert.match(await problem({ ...base, descripton: 'x' }), /^descripton: "descripton" is not a status page key; did you mean "description"\?/);
    assert.equal(await problem({ ...base, groups: [{ name: 'A', monitors: [] }, { name: ' A ', monitors: [] }] }), 'groups[1].name: "A" is already the name of groups[0]');
    assert.equal(
      await problem({ ...base, groups: [{ name: 'A', monitors: ['api'] }, { name: 'B', monitors: ['id-api'] }] }),
      'groups[1].monitors[0]: "id-api" is on the page already, at groups[0].monitors[0]',
    );
    assert.match(await problem([1, 2]), /^\(body\): must be an object/);
    await call('POST', '/api/status-pages', base);
    assert.match(await problem({ groups: [{ name: 'A', monitors: ['nope'] }] }, 'PATCH', '/api/status-pages/ok'), /^groups\[0\]\.monitors\[0\]: no monitor "nope"/);
    assert.match(await problem({ slug: 'OK' }, 'PATCH', '/api/status-pages/ok'), /^slug: /);
    assert.match(await problem({ id: 'x' }, 'PATCH', '/api/status-pages/ok'), /^id: "id" is not a status page key/);
    assert.equal((await call('GET', '/api/status-pages')).body.status_pages.length, 1, 'nothing refused was written');
    await call('DELETE', '/api/status-pages/ok');
  });

  test('a taken slug is a 409 naming the field, on create and on a move', async () => {
    await call('POST', '/api/status-pages', { slug: 'one', title: 'One', groups: [] });
    await call('POST', '/api/status-pages', { slug: 'two', title: 'Two', groups: [] });
    const taken = await call('POST', '/api/status-pages', { slug: 'one', title: 'Again', groups: [] });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'CONFLICT');
    assert.deepEqual(taken.body.fields, [{ path: 'slug', message: 'is taken by another status page' }]);
    const move = await call('PATCH', '/api/status-pages/two', { slug: 'one' });
    assert.equal(move.status, 409);
    assert.equal((await call('GET', '/api/status-pages/two')).body.title, 'Two', 'a refused move keeps the page where it was');
    await call('DELETE', '/api/status-pages/one');
    await call('DELETE', '/api/status-pages/two');
  });

  test('a deleted monitor drops out of the pages it was on', async () => {
    await store.insertMonitor(aMonitor('id-tmp', { name: 'temporary' }));
    await call('POST', '/api/status-pages', { slug: 'tmp', title: 'Tmp', groups: [{ name: 'G', monitors: ['temporary', 'api'] }] });
    assert.equal((await call('DELETE', '/api/monitors/temporary')).status, 204);
    const page = await call('GET', '/api/status-pages/tmp');
    assert.deepEqual(page.body.groups, [{ name: 'G', monitors: ['id-api'] }]);
    assert.equal((await call('PATCH', '/api/status-pages/tmp', { groups: page.body.groups })).status, 200, 'what GET gives can be sent back as it is');
  });
});
