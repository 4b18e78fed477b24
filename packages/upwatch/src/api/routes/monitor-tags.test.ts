import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { parseConfigText } from '../../config/load-config.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import type { Monitor } from '../../core/monitor.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { aMonitor, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import { issueApiToken } from '../api-tokens.js';

/** Monitor tags through the API, in process over a real SQLite store, checked as the config file checks them. */
describe('monitor tags in the API', () => {
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const running = new Map<string, Monitor>();

  before(async () => {
    store = await openSqliteStore(':memory:');
    const runtime = { upsert: (m: Monitor) => void running.set(m.id, m), remove: (id: string) => void running.delete(id), getState: () => undefined, checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock: new ManualClock(T0), notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => T0), heartbeats: new HeartbeatLog(store, () => T0, pingTokenOf) },
      pino({ level: 'silent' }),
    );
    auth = { authorization: `Bearer ${(await issueApiToken(store, 'test', T0, randomUUID)).token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const request = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  const names = async (url: string) => (await request('GET', url)).json().monitors.map((m: any) => m.name);

  test('tags are stored deduplicated, shown by GET, changed by PATCH and reach the engine', async () => {
    const created = await request('POST', '/api/monitors', { name: 'shop', url: 'http://127.0.0.1:1/', tags: ['prod', 'team:payments', 'prod'] });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().tags, ['prod', 'team:payments']);
    assert.deepEqual((await request('GET', '/api/monitors/shop')).json().tags, ['prod', 'team:payments']);
    const patched = await request('PATCH', '/api/monitors/shop', { tags: ['prod', 'eu'] });
    assert.deepEqual(patched.json().tags, ['prod', 'eu']);
    assert.deepEqual([...running.values()].find((m) => m.spec.name === 'shop')?.spec.tags, ['prod', 'eu']);
    assert.deepEqual((await request('PATCH', '/api/monitors/shop', { tags: null })).json().tags, [], 'null puts back the default');
    assert.equal((await request('PATCH', '/api/monitors/shop', { tags: ['prod', 'eu'] })).statusCode, 200);
  });

  test('GET /api/monitors?tag= keeps the monitors with every tag given', async () => {
    await request('POST', '/api/monitors', { name: 'blog', url: 'http://127.0.0.1:1/', tags: ['prod'] });
    await request('POST', '/api/monitors', { name: 'staging', url: 'http://127.0.0.1:1/', tags: ['staging', 'eu'] });
    // A monitor stored before tags existed has none.
    const legacy = aMonitor('legacy', { name: 'legacy' });
    delete (legacy.spec as Partial<Monitor['spec']>).tags;
    await store.insertMonitor(legacy);
    assert.deepEqual(await names('/api/monitors?tag=prod'), ['blog', 'shop']);
    assert.deepEqual(await names('/api/monitors?tag=eu'), ['shop', 'staging']);
    assert.deepEqual(await names('/api/monitors?tag=prod&tag=eu'), ['shop']);
    assert.deepEqual(await names('/api/monitors?tag=nothing'), []);
    assert.deepEqual(await names('/api/monitors'), ['blog', 'legacy', 'shop', 'staging']);
    assert.deepEqual((await request('GET', '/api/monitors/legacy')).json().tags, []);
  });

  test('bad tags get the messages the config file gets, naming the field (and there, the line)', async () => {
    const tags = ['ok', 'has space', 'x'.repeat(33), 7, ''];
    const res = await request('POST', '/api/monitors', { name: 'bad', url: 'http://127.0.0.1:1/', tags });
    assert.equal(res.statusCode, 400);
    const fromApi = res.json().fields;
    assert.deepEqual(fromApi, [
      { path: 'tags[1]', message: '"has space" may hold only letters, digits, -, _, . and : (such as prod or team:payments)' },
      { path: 'tags[2]', message: `"${'x'.repeat(33)}" is longer than 32 characters` },
      { path: 'tags[4]', message: 'must be a tag of 1 to 32 letters, digits, -, _, . or :' },
    ]);
    const yaml = ['monitors:', '  - name: bad', '    url: http://127.0.0.1:1/', '    tags:', ...tags.map((t) => `      - ${JSON.stringify(t)}`), ''].join('\n');
    const loaded = parseConfigText(yaml);
    assert.ok(!loaded.ok);
    assert.deepEqual(loaded.errors, fromApi.map((f: any) => ({ path: `monitors[0].${f.path}`, line: 5 + Number(/\d+/.exec(f.path)![0]), message: f.message })));

    const many = await request('POST', '/api/monitors', { name: 'bad', url: 'http://127.0.0.1:1/', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) });
    assert.deepEqual(many.json().fields, [{ path: 'tags', message: 'has 21 tags: a monitor may have at most 20' }]);
    const notList = await request('POST', '/api/monitors', { name: 'bad', url: 'http://127.0.0.1:1/', tags: 'prod' });
    assert.deepEqual(notList.json().fields, [{ path: 'tags', message: 'must be a list of tags, such as [prod, team:payments]' }]);
    assert.equal((await request('POST', '/api/monitors', { name: 'ok', url: 'http://127.0.0.1:1/', tags: [...Array.from({ length: 20 }, (_, i) => `t${i}`), 't0'] })).statusCode, 201, '20 once the repeats are dropped');
  });
});
