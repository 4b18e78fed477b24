/**
 * The dashboard's load time with many monitors, in Debian's Chromium, against the built
 * `upwatch serve` as a user runs it: `--monitors` HTTP monitors (default 10,000) at a 60 s interval
 * on two local targets, one of them failing (1% of the monitors are down), every monitor checked
 * at least once before the first measurement, the checks going on while it measures.
 *
 * Measured, each `--runs` times (median, min, max):
 * - cold load: a new browser profile (no cache) from navigation to the list drawn with every
 *   monitor counted ("10000 monitors") and its rows in view;
 * - warm load: a reload in the same profile (scripts and styles cached, the list fetched again);
 * - search: typing a name into the search box until the list shows the one match;
 * - scroll: a jump to the end of the list until the next frame is drawn;
 * - GET /api/dashboard/monitors (the list's data) with the session cookie, plain and gzip, over
 *   HTTP on 127.0.0.1 from request to the whole body read, and its size.
 * Plus the page's JavaScript heap once loaded, and the number of row elements in the page.
 *
 *   npm run bench:dashboard -- [--monitors 10000] [--runs 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserUnavailable, launchChromium } from '../src/test-support/browser.js';
import { startHttpTarget } from '../src/test-support/targets.js';
import { monitorName, writeBenchConfig } from './bench/bench-config.js';
import { startUpwatch } from './bench/serve-runner.js';

const { values } = parseArgs({ options: { monitors: { type: 'string', default: '10000' }, runs: { type: 'string', default: '7' } } });
const monitors = Number(values.monitors);
const runs = Number(values.runs);
const WAIT = { timeout: 120_000 };

const unavailable = browserUnavailable();
if (unavailable) {
  console.error(`bench:dashboard needs Chromium: ${unavailable}`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'upwatch-bench-dashboard-'));
const healthy = await startHttpTarget('ok');
const failing = await startHttpTarget(503);
const configFile = join(dir, 'upwatch.yml');
writeBenchConfig(configFile, {
  monitors,
  intervalMs: 60_000,
  urlOf: (i) => (i % 100 === 42 ? `${failing.url}/${i}` : `${healthy.url}/${i}`),
  alerting: new Set(),
  webhookUrl: `${healthy.url}/hook`,
});

const upwatch = await startUpwatch({ configFile, dataDir: join(dir, 'data'), timeoutMs: 120_000, profileDir: null });
let browser: Browser | undefined;
try {
  const session = await createAdmin(upwatch.url, () => upwatch.output());
  console.log(`dashboard bench: ${monitors} monitors, ${runs} runs; upwatch serving after ${((upwatch.servingAt - upwatch.spawnedAt) / 1000).toFixed(1)} s; waiting for every monitor's first check…`);
  await waitForFirstChecks(upwatch.url, session);

  const api = {
    'GET /api/dashboard/monitors': await timeApi(upwatch.url, session, 'identity'),
    'the same, gzip': await timeApi(upwatch.url, session, 'gzip'),
  };

  browser = await launchChromium();
  const cookie = { name: 'upwatch_session', value: session.split('=')[1]!, url: upwatch.url };
  const cold: number[] = [];
  const coldSteps: Steps[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([cookie]);
    await context.addInitScript(watchListDrawn, `${monitors} monitors`);
    const page = await context.newPage();
    cold.push(await timeLoad(page, () => page.goto(`${upwatch.url}/`)));
    coldSteps.push(await stepsOf(page));
    await context.close();
  }

  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([cookie]);
  await context.addInitScript(watchListDrawn, `${monitors} monitors`);
  const page = await context.newPage();
  await timeLoad(page, () => page.goto(`${upwatch.url}/`));
  const warm: number[] = [];
  const warmSteps: Steps[] = [];
  const search: number[] = [];
  const scroll: number[] = [];
  for (let i = 0; i < runs; i++) {
    warm.push(await timeLoad(page, () => page.reload()));
    warmSteps.push(await stepsOf(page));
    search.push(await timeSearch(page, monitorName((i * 1_237) % monitors)));
    scroll.push(await timeScroll(page));
  }
  const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null);
  const rows = await page.locator('[data-testid=monitor-row]').count();

  console.table({
    'cold load (new profile), to the list drawn': summary(cold),
    'warm load (reload, assets cached)': summary(warm),
    'search to the one match drawn': summary(search),
    'scroll to the end, to the next frame': summary(scroll),
    ...api,
  });
  console.log('where a load goes, in the page\'s own clock from navigation start (medians, ms):');
  console.table({ cold: medianSteps(coldSteps), warm: medianSteps(warmSteps) });
  console.table({
    page: { 'JS heap MB': heap === null ? null : round(heap / 1_048_576), 'row elements': rows },
  });
  await context.close();
} finally {
  await browser?.close();
  await upwatch.stop();
  await healthy.close();
  await failing.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Makes the admin through the printed setup link's form, as a person would; returns the session cookie. */
async function createAdmin(url: string, output: () => string): Promise<string> {
  // The link is printed just after the "serving" line, maybe in the next chunk of output.
  let link: RegExpExecArray | null = null;
  for (let i = 0; i < 100 && !link; i++) {
    link = /(http:\/\/\S+\/setup\?token=([A-Za-z0-9_-]+))/.exec(output());
    if (!link) await new Promise((r) => setTimeout(r, 100));
  }
  if (!link) throw new Error(`no setup link in upwatch's output:\n${output()}`);
  const form = await fetch(link[1]!);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('the setup page has no CSRF field');
  const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const password = 'a long benchmark password';
  const res = await fetch(`${url}/setup`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({ _csrf: csrf, token: link[2]!, username: 'admin', password, password_again: password }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('upwatch_session='));
  if (res.status !== 303 || !session) throw new Error(`setup answered ${res.status}`);
  return session.split(';')[0]!;
}

/** Waits until every monitor has a last check, so that the list measured is the list of a running fleet. */
async function waitForFirstChecks(url: string, session: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const res = await fetch(`${url}/api/dashboard/monitors`, { headers: { cookie: session } });
    const { monitors: list } = (await res.json()) as { monitors: Array<{ last_check: unknown }> };
    const checked = list.filter((m) => m.last_check !== null).length;
    if (list.length === monitors && checked === monitors) return;
    if (Date.now() > deadline) throw new Error(`after 180 s, ${checked} of ${list.length} monitors have been checked`);
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

async function timeApi(url: string, session: string, encoding: string) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    // undici would inflate a gzip body itself; the bytes counted are the ones on the wire.
    const res = await fetch(`${url}/api/dashboard/monitors`, { headers: { cookie: session, 'accept-encoding': encoding } });
    const body = new Uint8Array(await res.arrayBuffer());
    if (i >= 2) times.push(performance.now() - t);
    bytes = Number(res.headers.get('content-length') ?? body.length);
  }
  return { ...summary(times), 'bytes sent': bytes };
}

/**
 * Notes in the page (window.listDrawnAt, on its own clock) the moment the list counts every
 * monitor and has a row: exact, where a wait from outside the page sees it a poll later.
 */
function watchListDrawn(expected: string): void {
  const observer = new MutationObserver(() => {
    const count = document.querySelector('[data-testid=monitor-count]');
    if (count?.textContent === expected && document.querySelector('[data-testid=monitor-row]')) {
      (window as unknown as { listDrawnAt?: number }).listDrawnAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

/** From `navigate` until the list counts every monitor and its first row is drawn. */
async function timeLoad(page: Page, navigate: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await navigate();
  await page.getByTestId('monitor-count').getByText(`${monitors} monitors`, { exact: true }).waitFor(WAIT);
  await page.locator('[data-testid=monitor-row]').first().waitFor(WAIT);
  return performance.now() - t;
}

async function timeSearch(page: Page, name: string): Promise<number> {
  const box = page.getByTestId('monitor-search');
  const t = performance.now();
  await box.fill(name);
  await page.getByTestId('monitor-count').getByText(`1 of ${monitors} monitors`, { exact: true }).waitFor(WAIT);
  const elapsed = performance.now() - t;
  await box.fill('');
  await page.getByTestId('monitor-count').getByText(`${monitors} monitors`, { exact: true }).waitFor(WAIT);
  return elapsed;
}

/** Milestones of the load just done, from the browser's navigation and resource timings. */
interface Steps {
  'HTML received': number;
  'script received': number;
  'list request sent': number;
  'list first byte': number;
  'list received': number;
  'list drawn': number;
}

async function stepsOf(page: Page): Promise<Steps> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const script = resources.find((r) => /\/assets\/dashboard-[^/]+\.js$/.test(r.name));
    const lists = resources.filter((r) => r.name.endsWith('/api/dashboard/monitors'));
    // The shell preloads the list and the script's fetch takes the preloaded answer: one request.
    if (lists.length !== 1) throw new Error(`the list was asked for ${lists.length} times in one load`);
    const list = lists[0]!;
    return {
      'HTML received': nav.responseEnd,
      'script received': script?.responseEnd ?? NaN,
      'list request sent': list.startTime,
      'list first byte': list.responseStart,
      'list received': list.responseEnd,
      'list drawn': (window as unknown as { listDrawnAt?: number }).listDrawnAt ?? NaN,
    };
  });
}

function medianSteps(all: Steps[]): Record<string, number> {
  const keys = Object.keys(all[0]!) as Array<keyof Steps>;
  return Object.fromEntries(keys.map((k) => [k, summary(all.map((s) => s[k]))['median ms']]));
}

/** Measured inside the page: a jump to the end, then two frames (the one that renders the new rows, and the next). */
async function timeScroll(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const viewport = document.querySelector('.vlist-viewport')!;
    const t = performance.now();
    viewport.scrollTop = viewport.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const elapsed = performance.now() - t;
    viewport.scrollTop = 0;
    return elapsed;
  });
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { 'median ms': round(sorted[Math.floor(sorted.length / 2)]!), 'min ms': round(sorted[0]!), 'max ms': round(sorted.at(-1)!) };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
