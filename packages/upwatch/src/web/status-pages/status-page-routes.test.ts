import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApi } from '../../api/api-app.js';
import type { DetectorState } from '../../core/detector.js';
import type { Incident } from '../../core/incident.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { createHistoryJob } from '../../history/history-job.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store, StoredCheck } from '../../store/store.js';
import { aFailedCheck, aMonitor, anOkCheck, aState, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { RENDERED_PAGE_TTL_MS } from './status-page-routes.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Noon of 2026-04-11: the bars run from 2026-01-12 (cell 0) to today (cell 89). */
const NOW = T0 + 100 * DAY + 12 * HOUR;
const dayStart = (cell: number) => T0 + (11 + cell) * DAY;

const HOSTILE = {
  title: 'Acme <script>alert("title")</script>',
  description: 'Ops & "friends" <b>bold</b>',
  group: '</h2><script>alert(1)</script>',
  monitor: '<img src=x onerror=alert(1)>',
};

/** An incident as the engine stores it, its cause with what must never reach a public page. */
function anIncident(id: string, monitorId: string, kind: Incident['cause']['kind'], startedAt: number, resolvedAt: number | null): Incident {
  return {
    id,
    monitorId,
    startedAt,
    confirmedAt: startedAt + 7_000,
    resolvedAt,
    cause: { kind, status: null, error: 'connect ETIMEDOUT 10.0.0.7:443', requestId: 'req-secret-123', responseRequestId: 'srv-secret-456', timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 10_000 } },
  };
}

/** `n` checks of one monitor from `from`, a minute apart, the last `failed` of them failed. */
function checks(monitorId: string, from: number, n: number, failed: number): StoredCheck[] {
  return Array.from({ length: n }, (_, i) => (i >= n - failed ? aFailedCheck(monitorId, from + i * MINUTE) : anOkCheck(monitorId, from + i * MINUTE)));
}

/** The public status pages in process, over a real SQLite store rolled up by the history job. */
describe('public status pages', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let clock: ManualClock;
  const states = new Map<string, DetectorState>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-status-pages-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    await store.insertMonitor(aMonitor('a', { name: 'api' }));
    await store.insertMonitor(aMonitor('b', { name: 'web' }));
    await store.insertMonitor(aMonitor('h', { name: HOSTILE.monitor }));
    await store.insertMonitor(aMonitor('p', { name: 'batch', paused: true }));
    await store.insertMonitor(aMonitor('d', { name: 'db' }));
    await store.insertMonitor(aMonitor('gone', { name: 'retired' }));
    // api: the last five days at 100%, 99.9%, 99%, 95% and (today so far) 50%.
    await store.insertChecks([
      ...checks('a', dayStart(85), 1000, 0),
      ...checks('a', dayStart(86), 1000, 1),
      ...checks('a', dayStart(87), 100, 1),
      ...checks('a', dayStart(88), 20, 1),
      ...checks('a', dayStart(89) + HOUR, 2, 1),
      ...checks('b', dayStart(89), 10, 0),
      ...checks('d', dayStart(88), 10, 0),
    ]);
    clock = new ManualClock(NOW);
    const history = createHistoryJob({ store, clock, retention: { checksMs: 30 * DAY }, onError: (err) => assert.fail(String(err)) });
    while ((await history.runPass()).behind) {
      // Catching up on the days just written.
    }
    const incidents = [
      anIncident('old', 'a', 'timeout', T0 + 5 * DAY, T0 + 5 * DAY + HOUR), // before the 90 days
      anIncident('past-api', 'a', 'timeout', dayStart(88) + 3 * HOUR, dayStart(88) + 3 * HOUR + 10 * MINUTE),
      anIncident('past-db', 'd', 'connection_refused', dayStart(86) + 23 * HOUR, dayStart(87) + HOUR), // over midnight
      anIncident('now-web', 'b', 'http_503', NOW - HOUR, null),
    ];
    for (const incident of incidents) {
      await store.recordTransition({ monitorId: incident.monitorId, state: aState({ status: 'down' }), openIncident: { ...incident, resolvedAt: null }, deliveries: [] });
      if (incident.resolvedAt !== null) await store.recordTransition({ monitorId: incident.monitorId, state: aState({ status: 'up' }), resolveIncident: { id: incident.id, resolvedAt: incident.resolvedAt }, deliveries: [] });
    }
    states.set('a', aState({ status: 'up' }));
    states.set('b', aState({ status: 'down', incidentId: 'now-web' }));
    states.set('h', aState({ status: 'up', degraded: true }));
    states.set('d', aState({ status: 'down' }));
    const maintenance = new MaintenanceRegistry(store, () => NOW);
    maintenance.setConfigWindows([{ name: 'db-upgrade', monitors: ['db'], schedule: { type: 'once', startsAt: NOW - HOUR, endsAt: NOW + HOUR } }]);
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: (id: string) => states.get(id), checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance, heartbeats: new HeartbeatLog(store, () => NOW, pingTokenOf) },
      pino({ level: 'silent' }),
    );
    const page = { title: HOSTILE.title, description: HOSTILE.description, createdAt: T0, updatedAt: T0 };
    await store.insertStatusPage({ ...page, id: 'p1', slug: 'acme', groups: [{ name: 'Core', monitors: ['a', 'b', 'gone'] }, { name: HOSTILE.group, monitors: ['h', 'p', 'd'] }] });
    await store.insertStatusPage({ ...page, id: 'p2', slug: 'fine', title: 'Fine', description: '', groups: [{ name: 'All', monitors: ['a'] }] });
    await store.insertStatusPage({ ...page, id: 'p3', slug: 'quiet', title: 'Quiet', description: '', groups: [{ name: 'All', monitors: ['p'] }] });
    // Deleted after the page was made: it must simply not be there.
    await store.deleteMonitor('gone');
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Each monitor's block of the page: its name, state and cells (level and decoded title). */
  const monitorsOf = (html: string) =>
    html
      .split('<li class="sp-monitor">')
      .slice(1)
      .map((block) => ({
        name: /<h3>(.*?)<\/h3>/.exec(block)?.[1],
        state: /<span class="sp-state sp-state-(\w+)">(.*?)<\/span>/.exec(block)?.slice(1, 3),
        uptime: /<span class="sp-uptime">(.*?)<span/.exec(block)?.[1],
        cells: [...block.matchAll(/<li class="d-(\w+)" title="([^"]*)"><\/li>/g)].map(([, level, title]) => ({ level, title: decode(title!) })),
      }));

  test('is open to all, as HTML without script or inline style, cacheable for 30 s', async () => {
    const res = await app.inject({ url: '/status/acme' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=30');
    assert.doesNotMatch(res.body, /<script/i);
    assert.doesNotMatch(res.body, /<style|\sstyle=/i);
    assert.doesNotMatch(res.body, /<[^>]*\son\w+=/i, 'no event handler attributes');
    assert.match(res.body, /<link rel="stylesheet" href="\/assets\/status-page.css">/);
  });

  test('shows the overall state, each group with its monitors, their states and 90 cells each', async () => {
    const html = (await app.inject({ url: '/status/acme' })).body;
    assert.match(html, /<section class="sp-overall sp-overall-partial_outage"[^>]*>\n<p class="sp-overall-text">Partial outage<\/p>/);
    assert.deepEqual([...html.matchAll(/<section class="sp-group">\n<h2>(.*?)<\/h2>/g)].map((m) => decode(m[1]!)), ['Core', HOSTILE.group]);
    const monitors = monitorsOf(html);
    assert.deepEqual(
      monitors.map((m) => [decode(m.name!), m.state]),
      [
        ['api', ['operational', 'Operational']],
        ['web', ['down', 'Down']],
        [HOSTILE.monitor, ['degraded', 'Degraded performance']],
        ['batch', ['paused', 'Paused']],
        ['db', ['maintenance', 'Under maintenance']],
      ],
      'the deleted monitor is left out',
    );
    for (const m of monitors) assert.equal(m.cells.length, 90, `90 cells for ${m.name}`);
    assert.match((await app.inject({ url: '/status/fine' })).body, /<p class="sp-overall-text">All systems operational<\/p>/);
  });

  test("colours each day by its uptime; the title tells the day's figures and incidents", async () => {
    const [api, , hostile, , db] = monitorsOf((await app.inject({ url: '/status/acme' })).body);
    assert.deepEqual(api!.cells.slice(84).map((c) => c.level), ['none', 'ok', 'ok', 'minor', 'partial', 'major']);
    assert.ok(api!.cells.slice(0, 84).every((c) => c.level === 'none'), 'the incident before the 90 days colours nothing');
    assert.ok(hostile!.cells.every((c) => c.level === 'none'));
    assert.equal(api!.cells[0]!.title, 'Jan 12, 2026: no data');
    assert.equal(api!.cells[85]!.title, 'Apr 7, 2026: 100% uptime, 1,000 checks');
    assert.equal(api!.cells[86]!.title, 'Apr 8, 2026: 99.90% uptime, 1,000 checks, 1 failed');
    assert.equal(api!.cells[88]!.title, 'Apr 10, 2026: 95.00% uptime, 20 checks, 1 failed\nTimed out: from Apr 10, 2026, 03:00 UTC, 10 min');
    assert.equal(api!.cells[89]!.title, 'Apr 11, 2026: 50.00% uptime, 2 checks, 1 failed');
    assert.equal(api!.uptime, `${(Math.floor((100 * 2118) / 2122 * 100) / 100).toFixed(2)}% uptime`);
    // An incident over midnight is on both days.
    const overnight = 'Connection refused: from Apr 8, 2026, 23:00 UTC, 2 h';
    assert.equal(db!.cells[86]!.title, `Apr 8, 2026: no data\n${overnight}`);
    assert.equal(db!.cells[87]!.title, `Apr 9, 2026: no data\n${overnight}`);
    assert.equal(db!.cells[88]!.title, 'Apr 10, 2026: 100% uptime, 10 checks');
  });

  test('lists current and past incidents in plain words, never targets, request ids or raw errors', async () => {
    const html = (await app.inject({ url: '/status/acme' })).body;
    const section = (id: string) => html.split(`id="${id}"`)[1]!.split('</section>')[0]!;
    const incidents = (part: string) => [...part.matchAll(/<p class="sp-incident-title"><strong>(.*?)<\/strong>: (.*?)<\/p>\n<p class="sp-incident-times">(.*?)<\/p>/g)].map((m) => [m[1], m[2], m[3]!.replace(/<[^>]+>/g, '')]);
    assert.deepEqual(incidents(section('sp-current-title')), [['web', 'HTTP 503: the service is unavailable', 'Apr 11, 2026, 11:00 UTC – ongoing (1 h so far)']]);
    assert.deepEqual(incidents(section('sp-past-title')), [
      ['api', 'Timed out', 'Apr 10, 2026, 03:00 UTC – Apr 10, 2026, 03:10 UTC (10 min)'],
      ['db', 'Connection refused', 'Apr 8, 2026, 23:00 UTC – Apr 9, 2026, 01:00 UTC (2 h)'],
    ]);
    for (const secret of ['127.0.0.1', 'x-env', 'ETIMEDOUT', 'req-secret', 'srv-secret', '10.0.0.7']) assert.ok(!html.includes(secret), `${secret} is not shown`);
    const quiet = (await app.inject({ url: '/status/quiet' })).body;
    assert.match(quiet, /<p class="sp-none">No incidents in the last 90 days.<\/p>/);
    assert.doesNotMatch(quiet, /sp-current-title/, 'no current incidents, no section for them');
    assert.match(quiet, /<p class="sp-overall-text">No data yet<\/p>/, 'a paused monitor alone says nothing');
  });

  test("escapes every name and text of the page's owner", async () => {
    const html = (await app.inject({ url: '/status/acme' })).body;
    for (const text of Object.values(HOSTILE)) assert.ok(!html.includes(text), `${text} appears only escaped`);
    assert.ok(html.includes('<h1>Acme &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</h1>'));
    assert.ok(html.includes('<title>Acme &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;: Partial outage</title>'));
    assert.ok(html.includes('<p class="sp-description">Ops &amp; &quot;friends&quot; &lt;b&gt;bold&lt;/b&gt;</p>'));
    assert.ok(html.includes('<meta name="description" content="Ops &amp; &quot;friends&quot; &lt;b&gt;bold&lt;/b&gt;">'));
    assert.ok(html.includes('<h2>&lt;/h2&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h2>'));
    assert.ok(html.includes('<h3>&lt;img src=x onerror=alert(1)&gt;</h3>'));
  });

  test('the JSON form gives the same figures, and nothing private', async () => {
    const res = await app.inject({ url: '/status/acme.json' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=30');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.equal(body.slug, 'acme');
    assert.equal(body.title, HOSTILE.title);
    assert.equal(body.description, HOSTILE.description);
    assert.equal(body.status, 'partial_outage');
    assert.equal(body.status_text, 'Partial outage');
    assert.equal(body.updated_at, new Date(NOW).toISOString());
    assert.equal(body.days.length, 90);
    assert.deepEqual([body.days[0], body.days[89]], ['2026-01-12', '2026-04-11']);
    assert.deepEqual(body.groups.map((g: { name: string; monitors: Array<{ name: string; status: string }> }) => [g.name, g.monitors.map((m) => [m.name, m.status])]), [
      ['Core', [['api', 'operational'], ['web', 'down']]],
      [HOSTILE.group, [[HOSTILE.monitor, 'degraded'], ['batch', 'paused'], ['db', 'maintenance']]],
    ]);
    const api = body.groups[0].monitors[0];
    assert.equal(api.uptime, Math.floor(((100 * 2118) / 2122) * 1000) / 1000);
    assert.deepEqual(api.daily.uptime.slice(84), [null, 100, 99.9, 99, 95, 50]);
    assert.deepEqual(api.daily.checks.slice(84), [0, 1000, 1000, 100, 20, 2]);
    assert.deepEqual(api.daily.failures.slice(84), [0, 0, 1, 1, 1, 1]);
    assert.equal(api.daily.uptime.length, 90);
    assert.deepEqual(body.current_incidents, [
      { monitor: 'web', kind: 'http_503', title: 'HTTP 503: the service is unavailable', started_at: new Date(NOW - HOUR).toISOString(), resolved_at: null, duration_s: 3600 },
    ]);
    assert.deepEqual(
      body.past_incidents.map((i: { monitor: string; kind: string; duration_s: number }) => [i.monitor, i.kind, i.duration_s]),
      [['api', 'timeout', 600], ['db', 'connection_refused', 7200]],
    );
    for (const secret of ['127.0.0.1', 'ETIMEDOUT', 'req-secret', 'srv-secret', '"id"']) assert.ok(!res.body.includes(secret), `${secret} is not in the JSON`);
  });

  test('gzipped for a client that takes it, the same bytes once unzipped', async () => {
    const plain = await app.inject({ url: '/status/acme' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'accept-encoding');
    for (const url of ['/status/acme', '/status/acme.json']) {
      const zipped = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(zipped.statusCode, 200);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(zipped.headers['cache-control'], 'public, max-age=30');
      const body = gunzipSync(zipped.rawPayload).toString('utf8');
      assert.equal(body, (await app.inject({ url })).body);
      assert.ok(zipped.rawPayload.length * 5 < body.length, `${url} shrinks`);
    }
  });

  test('an unknown slug is a 404: a page in HTML, an error in JSON; neither cached', async () => {
    const page = await app.inject({ url: '/status/nope' });
    assert.equal(page.statusCode, 404);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /<h1>No status page here<\/h1>/);
    const hostile = await app.inject({ url: '/status/%3Cscript%3E' });
    assert.equal(hostile.statusCode, 404);
    assert.ok(hostile.body.includes('/status/&lt;script&gt;') && !hostile.body.includes('<script'), 'the slug asked for is escaped');
    const json = await app.inject({ url: '/status/nope.json' });
    assert.equal(json.statusCode, 404);
    assert.equal(json.json().code, 'NOT_FOUND');
    assert.notEqual(json.headers['cache-control'], 'public, max-age=30');
  });

  // Last: it moves the clock on.
  test('a rendered page is kept 10 s: a crowd costs one render, and a change shows after', async () => {
    const stateOfApi = async (url: string) => {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      const body = gunzipSync(res.rawPayload).toString();
      return url.endsWith('.json') ? JSON.parse(body).groups[0].monitors[0].status : monitorsOf(body)[0]!.state![0];
    };
    let reads = 0;
    const findStatusPage = store.findStatusPage.bind(store);
    store.findStatusPage = (slug) => (reads++, findStatusPage(slug));
    await clock.advance(RENDERED_PAGE_TTL_MS); // nothing kept from the tests before
    assert.equal(await stateOfApi('/status/fine'), 'operational');
    assert.equal(await stateOfApi('/status/fine.json'), 'operational');
    assert.equal(reads, 2);
    states.set('a', aState({ status: 'down' }));
    try {
      const crowd = await Promise.all(Array.from({ length: 20 }, () => stateOfApi('/status/fine')));
      assert.deepEqual(new Set(crowd), new Set(['operational']), 'the kept copy, for everyone');
      await clock.advance(RENDERED_PAGE_TTL_MS - 1);
      assert.equal(await stateOfApi('/status/fine.json'), 'operational');
      assert.equal(reads, 2);
      await clock.advance(1);
      const after = await Promise.all(Array.from({ length: 20 }, () => stateOfApi('/status/fine')));
      assert.deepEqual(new Set(after), new Set(['down']));
      assert.equal(reads, 3, 'requests that missed together waited for one render');
      assert.equal(await stateOfApi('/status/fine.json'), 'down');
    } finally {
      states.set('a', aState({ status: 'up' }));
      store.findStatusPage = findStatusPage;
    }
  });

  test('the stylesheet colours every day level and state, for light and dark', () => {
    const css = readFileSync(new URL('../../../web/status-page.css', import.meta.url), 'utf8');
    for (const level of ['ok', 'minor', 'partial', 'major']) assert.match(css, new RegExp(`\\.d-${level}\\b`));
    for (const state of ['degraded', 'down', 'recovering', 'maintenance', 'paused', 'unknown']) assert.match(css, new RegExp(`\\.sp-state-${state}\\b`));
    for (const overall of ['partial_outage', 'major_outage', 'maintenance', 'degraded', 'unknown']) assert.match(css, new RegExp(`\\.sp-overall-${overall}\\b`));
    assert.match(css, /@media \(prefers-color-scheme: dark\)/);
  });
});

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
