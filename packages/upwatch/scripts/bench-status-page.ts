/**
 * The server's time to render a public status page, measured on a real SQLite file: one page of
 * `--monitors` monitors (default 100) in 10 groups, with 90 days of history as the history job
 * keeps it (day rollups, today's hours and minutes, and the packed daily bars that dailyBars reads,
 * summed from those rollups), some bad days, and a handful of incidents, one of them still open.
 *
 * Timed, each `--runs` times after `--warmup` runs (median, p95, p99; nearest rank):
 * - gather: the store reads and the view (gatherStatusPage: page, monitors, daily bars, incidents);
 * - render: the view to an HTML string (renderStatusPage), without the reads;
 * - gather + render: the whole of the server's own work for one page;
 * - GET /status/:slug (plain and gzipped) and GET /status/:slug.json through Fastify (app.inject:
 *   routing, hooks, headers, compression; no socket), and the page over a real socket on
 *   127.0.0.1 with fetch, from request to the whole body read (the client's share included),
 *   each rendered afresh (the clock moved past the copy the server keeps 10 s);
 * - the same GET served from that kept copy, as every visitor but the first of each 10 s gets it.
 * Plus the HTML's size, as sent and gzipped (a reverse proxy's compression).
 *
 *   npm run bench:status-page -- [--monitors 100] [--runs 200] [--warmup 20]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { buildApi } from '../src/api/api-app.js';
import type { DetectorState } from '../src/core/detector.js';
import type { Incident } from '../src/core/incident.js';
import { HeartbeatLog } from '../src/engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../src/engine/maintenance-registry.js';
import { pingTokenOf } from '../src/probes/heartbeat/heartbeat-settings.js';
import { HISTOGRAM_BUCKETS } from '../src/store/latency-histogram.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { aMonitor, aState } from '../src/store/store-fixtures.js';
import { ManualClock } from '../src/test-support/manual-clock.js';
import { gatherStatusPage } from '../src/web/status-pages/gather-status-page.js';
import { renderStatusPage } from '../src/web/status-pages/render-status-page.js';
import { RENDERED_PAGE_TTL_MS } from '../src/web/status-pages/status-page-routes.js';
import { packDailyBars } from './bench/pack-daily-bars.js';
import { mulberry32 } from './bench/seeded-random.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const { values } = parseArgs({ options: { monitors: { type: 'string', default: '100' }, runs: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' } } });
const monitors = Number(values.monitors);
const runs = Number(values.runs);
const warmup = Number(values.warmup);

/** Mid-afternoon, so that today has hours and the current hour minutes. */
const NOW = Date.UTC(2026, 3, 1, 13, 37);
const random = mulberry32(7);
const dir = mkdtempSync(join(tmpdir(), 'upwatch-bench-status-page-'));

try {
  const file = join(dir, 'upwatch.db');
  const ids = Array.from({ length: monitors }, (_, i) => `m${i}`);
  let store = await openSqliteStore(file);
  for (const id of ids) await store.insertMonitor(aMonitor(id, { name: `service ${id}` }));
  await store.close();
  fillHistory(file);

  store = await openSqliteStore(file);
  const incidents = await addIncidents(store, ids);
  const groups = Array.from({ length: 10 }, (_, g) => ({ name: `Group ${g + 1}`, monitors: ids.filter((_, i) => i % 10 === g) }));
  await store.insertStatusPage({ id: randomUUID(), slug: 'bench', title: 'Bench status', description: 'A page of many monitors', groups, createdAt: NOW, updatedAt: NOW });

  const states = new Map<string, DetectorState>(ids.map((id) => [id, aState({ status: 'up', lastCheckAt: NOW - 20_000 })]));
  states.set(ids[3]!, aState({ status: 'down' }));
  states.set(ids[7]!, aState({ status: 'up', degraded: true }));
  const clock = new ManualClock(NOW);
  const runtime = { upsert: () => undefined, remove: () => undefined, getState: (id: string) => states.get(id), checkNow: () => undefined };
  const deps = { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'bench', maintenance: new MaintenanceRegistry(store, () => NOW), heartbeats: new HeartbeatLog(store, () => NOW, pingTokenOf) };
  const app = buildApi(deps, pino({ level: 'silent' }));
  try {
    // A check that the page holds what was seeded, before timing anything.
    const view = await gatherStatusPage(deps, 'bench');
    if (!view || view.groups.flatMap((g) => g.monitors).length !== monitors) throw new Error('the page does not have every monitor');
    const html = renderStatusPage(view).toString();
    const cells = html.match(/<li class="d-/g)?.length ?? 0;
    const response = await app.inject({ url: '/status/bench' });
    if (response.statusCode !== 200 || response.body !== html) throw new Error(`GET /status/bench: ${response.statusCode}`);
    const json = await app.inject({ url: '/status/bench.json' });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const overHttp = (headers: Record<string, string>) => async () => (await fetch(`${base}/status/bench`, { headers })).text();

    // Each GET below but the last two first moves the clock past the kept copy
    // (RENDERED_PAGE_TTL_MS), so that it renders afresh, as the first visitor of each 10 s does.
    const afresh = (fn: () => Promise<unknown>) => async () => {
      await clock.advance(RENDERED_PAGE_TTL_MS);
      return fn();
    };
    const timings = {
      'gather (store reads + view)': await time(() => gatherStatusPage(deps, 'bench')),
      'render (view -> HTML string)': await time(async () => renderStatusPage(view).toString()),
      'gather + render': await time(async () => renderStatusPage((await gatherStatusPage(deps, 'bench'))!).toString()),
      'GET /status/bench (Fastify inject)': await time(afresh(() => app.inject({ url: '/status/bench' }))),
      'GET /status/bench, gzip (Fastify inject)': await time(afresh(() => app.inject({ url: '/status/bench', headers: { 'accept-encoding': 'gzip' } }))),
      'GET /status/bench.json (Fastify inject)': await time(afresh(() => app.inject({ url: '/status/bench.json' }))),
      'GET /status/bench over HTTP on 127.0.0.1, body read': await time(afresh(overHttp({ 'accept-encoding': 'identity' }))),
      'the same, gzip': await time(afresh(overHttp({ 'accept-encoding': 'gzip' }))),
      'the kept copy, gzip (Fastify inject)': await time(() => app.inject({ url: '/status/bench', headers: { 'accept-encoding': 'gzip' } })),
      'the kept copy, gzip, over HTTP': await time(overHttp({ 'accept-encoding': 'gzip' })),
    };
    console.log(`status page bench: ${monitors} monitors in ${groups.length} groups, 90 days of history, ${incidents} incidents; ${runs} runs after ${warmup} warm-up; node ${process.version}`);
    console.table(timings);
    console.table({
      HTML: { bytes: Buffer.byteLength(html), gzipped: gzipSync(html).length, 'day cells': cells },
      JSON: { bytes: Buffer.byteLength(json.body), gzipped: gzipSync(json.body).length, 'day cells': null },
    });
  } finally {
    await app.close();
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Rollups and packed daily bars written straight into the file, as the history job leaves them
 * (scripts/bench-history.ts measures the job itself): days before today, today's hours, the
 * current hour's minutes; a bad day now and then, at 97-99.95%.
 */
function fillHistory(file: string): void {
  const db = new Database(file);
  const seqs = (db.prepare('select seq from monitors order by seq').pluck().all() as Array<number | bigint>).map(Number);
  const minuteMark = NOW - (NOW % MINUTE) - 5 * MINUTE;
  const hourMark = minuteMark - (minuteMark % HOUR);
  const dayMark = hourMark - (hourMark % DAY);
  const columns = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `h${i}`).join(', ');
  const insert = db.prepare(`insert into check_rollups (monitor_seq, period, bucket, checks, failures, total_sum, ${columns}) values (${new Array(6 + HISTOGRAM_BUCKETS).fill('?').join(', ')})`);
  const rollup = (seq: number, period: number, bucket: number, checks: number) => {
    const bad = random() < 0.04;
    const failures = bad ? Math.ceil(checks * (0.0005 + random() * 0.03)) : 0;
    const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
    histogram[8] = checks - failures;
    insert.run(seq, period, bucket, checks, failures, (checks - failures) * 1_200, ...histogram);
  };
  db.transaction(() => {
    // Monitors added over time: some have fewer than 90 days, so the page has grey days too.
    seqs.forEach((seq, i) => {
      const firstDay = dayMark - (i % 7 === 0 ? 40 : 89) * DAY;
      for (let day = firstDay; day < dayMark; day += DAY) rollup(seq, 86_400, day, 1_440);
      for (let hour = dayMark; hour < hourMark; hour += HOUR) rollup(seq, 3_600, hour, 60);
      for (let minute = hourMark; minute < minuteMark; minute += MINUTE) rollup(seq, 60, minute, 1);
    });
  })();
  // The status pages' packed bars and the rollup marks, as the job leaves them.
  packDailyBars(db, seqs, { minute: minuteMark, hour: hourMark, day: dayMark });
  db.close();
}

/** A dozen incidents over the 90 days, one over midnight, one still open. */
async function addIncidents(store: Awaited<ReturnType<typeof openSqliteStore>>, ids: string[]): Promise<number> {
  const kinds = ['timeout', 'http_503', 'connection_refused', 'http_500', 'dns'] as const;
  const list: Incident[] = Array.from({ length: 12 }, (_, i) => {
    const startedAt = NOW - (5 + i * 7) * DAY + (i === 4 ? 23 * HOUR : 0) - (NOW % DAY);
    const open = i === 0;
    return {
      id: `inc-${i}`,
      monitorId: ids[(i * 13) % ids.length]!,
      startedAt: open ? NOW - 25 * MINUTE : startedAt,
      confirmedAt: (open ? NOW - 25 * MINUTE : startedAt) + 7_000,
      resolvedAt: open ? null : startedAt + (i === 4 ? 2 * HOUR : (3 + i * 4) * MINUTE),
      cause: { kind: kinds[i % kinds.length]!, status: null, error: 'connect ETIMEDOUT', requestId: `req-${i}`, responseRequestId: null, timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 10_000 } },
    };
  });
  for (const incident of list) {
    await store.recordTransition({ monitorId: incident.monitorId, state: aState({ status: 'down' }), openIncident: { ...incident, resolvedAt: null }, deliveries: [] });
    if (incident.resolvedAt !== null) await store.recordTransition({ monitorId: incident.monitorId, state: aState({ status: 'up' }), resolveIncident: { id: incident.id, resolvedAt: incident.resolvedAt }, deliveries: [] });
  }
  return list.length;
}

async function time(fn: () => Promise<unknown>) {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const sorted = times.sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { 'median ms': at(0.5), 'p95 ms': at(0.95), 'p99 ms': at(0.99) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
