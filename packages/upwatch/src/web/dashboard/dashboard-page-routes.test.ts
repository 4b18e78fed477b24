import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApi } from '../../api/api-app.js';
import { issueApiToken } from '../../api/api-tokens.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { DEFAULT_ASSETS_DIR, MANIFEST_FILE } from './asset-files.js';
import { dashboardPageRoutes } from './dashboard-page-routes.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../scripts/build-web.mjs', import.meta.url));

/** The dashboard's shell and its built assets, through the real app (`npm test` builds first). */
describe('dashboard shell and assets', () => {
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  let manifest: Record<string, string>;

  before(async () => {
    // Run alone, this test builds what `npm run build` would have.
    if (!existsSync(join(DEFAULT_ASSETS_DIR, MANIFEST_FILE))) {
      const built = spawnSync(process.execPath, [BUILD_SCRIPT], { encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
    }
    manifest = JSON.parse(readFileSync(join(DEFAULT_ASSETS_DIR, MANIFEST_FILE), 'utf8'));
    store = await openSqliteStore(':memory:');
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
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

  test('the build maps the entry to hashed files', () => {
    assert.match(manifest['dashboard.js'] ?? '', /^dashboard-[A-Z0-9]{8}\.js$/);
    assert.match(manifest['dashboard.css'] ?? '', /^dashboard-[A-Z0-9]{8}\.css$/);
  });

  test('the shell loads the hashed script and stylesheet, with no inline script or style', async () => {
    const res = await app.inject({ url: '/', headers: auth });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    const page = res.body;
    assert.ok(page.includes(`<script type="module" src="/assets/${manifest['dashboard.js']}"></script>`), page);
    assert.ok(page.includes(`<link rel="stylesheet" href="/assets/${manifest['dashboard.css']}">`));
    assert.ok(page.includes('<link rel="stylesheet" href="/assets/site.css">'));
    assert.ok(page.includes('<div id="app"'));
    // The Content-Security-Policy allows neither.
    assert.doesNotMatch(page, /<script(?![^>]*\ssrc=)[^>]*>/);
    assert.doesNotMatch(page, /<style|\sstyle=/);
  });

  test('the shell is a page: without a login it is not served', async () => {
    const res = await app.inject({ url: '/' });
    assert.notEqual(res.statusCode, 200);
    assert.ok(!res.body.includes('/assets/dashboard-'));
  });

  test('hashed assets are cached for good, with their type, an ETag and gzip', async () => {
    const script = await app.inject({ url: `/assets/${manifest['dashboard.js']}` });
    assert.equal(script.statusCode, 200, 'assets are public: the login page needs them too');
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    const etag = script.headers['etag'] as string;
    assert.match(etag, /^"[\w-]+"$/);
    assert.equal(script.body, readFileSync(join(DEFAULT_ASSETS_DIR, manifest['dashboard.js']!), 'utf8'));

    const again = await app.inject({ url: `/assets/${manifest['dashboard.js']}`, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');

    const zipped = await app.inject({ url: `/assets/${manifest['dashboard.js']}`, headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers['vary'], 'accept-encoding');
    assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), script.body);

    const style = await app.inject({ url: `/assets/${manifest['dashboard.css']}` });
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(style.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('site.css keeps its name across versions, so it is cached briefly', async () => {
    const res = await app.inject({ url: '/assets/site.css' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.match(res.body, /prefers-color-scheme: dark/);
  });

  test('an unknown asset, or the manifest, is a 404', async () => {
    for (const url of ['/assets/nope.js', `/assets/${MANIFEST_FILE}`, '/assets/', '/assets/..%2Fpackage.json']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404, url);
    }
  });
});

test('dashboard shell: without a build it says how to make one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'upwatch-no-build-'));
  const app = Fastify();
  try {
    dashboardPageRoutes(app, { assetsDir: join(dir, 'missing') });
    const res = await app.inject({ url: '/' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /The dashboard is not built/);
    assert.match(res.body, /npm run build/);
    assert.equal((await app.inject({ url: '/assets/site.css' })).statusCode, 404);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
