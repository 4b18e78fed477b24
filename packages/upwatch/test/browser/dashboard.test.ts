import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../src/server.js';
import { browserUnavailable, launchChromium, screenshotPath } from '../../src/test-support/browser.js';
import { startHttpTarget, type HttpTarget } from '../../src/test-support/targets.js';

/**
 * The web face as a new user meets it, in Debian's Chromium: the setup link the server prints,
 * the dashboard, a monitor that goes down when its target fails and up again, its incident, and a
 * public status page with its 90-day bar. Screenshots of each page go to test-artifacts/.
 */

const skip = browserUnavailable() ?? false;
const WAIT = { timeout: 20_000 };

let dir: string;
let server: RunningServer;
let target: HttpTarget;
let browser: Browser;
let page: Page;
const printed: string[] = [];

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'upwatch-browser-'));
  target = await startHttpTarget('ok');
  server = await startServer({
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    print: (line) => void printed.push(line),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(WAIT.timeout);
  // A script error in the dashboard fails the test that caused it, not a later wait.
  page.on('pageerror', (error) => {
    throw error;
  });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await server?.stop();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the printed setup link makes the admin, who lands on the dashboard', { skip }, async () => {
  const line = printed.find((l) => l.includes('/setup?token='));
  assert.ok(line, `a setup link is printed: ${printed.join('\n')}`);
  const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(line)![1]!;

  // Without the token, nobody gets in.
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login/);

  await page.goto(link);
  await page.locator('#username').fill('admin');
  await page.locator('#password').fill('correct horse battery staple');
  await page.locator('#password_again').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account and log in' }).click();
  await page.waitForURL(`${server.url}/`);
  await page.getByTestId('username').waitFor(WAIT);
  assert.equal(await page.getByTestId('username').textContent(), 'admin');
});

test('logging out and in again comes back to the page asked for', { skip }, async () => {
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
  // A dashboard address (its page after the "#") survives the login.
  await page.goto(`${server.url}/#/status-pages`);
  await page.waitForURL(/\/login/);
  await page.locator('#username').fill('admin');
  await page.locator('#password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText(/wrong username or password/i).waitFor(WAIT);

  await page.locator('#username').fill('admin');
  await page.locator('#password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${server.url}/#/status-pages`);
  await page.getByTestId('new-status-page').waitFor(WAIT);
  await page.getByTestId('nav-monitors').click();
  await page.getByTestId('new-monitor').waitFor(WAIT);
});

test('a monitor made in the form shows its field errors, then goes live', { skip }, async () => {
  await page.getByTestId('new-monitor').click();
  await page.getByTestId('field-name').fill('checkout');
  await page.getByTestId('field-url').fill('not a url');
  await page.getByTestId('save-monitor').click();
  await page.getByTestId('error-url').waitFor(WAIT);

  await page.getByTestId('field-url').fill(`${target.url}/health`);
  await page.getByTestId('field-interval').fill('1s');
  await page.getByTestId('field-confirm').fill('1');
  await page.getByTestId('save-monitor').click();
  await page.waitForURL(/#\/monitors\/[^/]+$/);
  await page.locator('[data-testid=monitor-state][data-state=up]').waitFor(WAIT);

  await page.goto(`${server.url}/#/monitors`);
  await page.locator('[data-testid=monitor-row][data-monitor-name=checkout][data-state=up]').waitFor(WAIT);
});

test('the list shows the monitor go down when its target fails and up when it recovers', { skip }, async () => {
  const row = (state: string) => page.locator(`[data-testid=monitor-row][data-monitor-name=checkout][data-state=${state}]`);
  // The list is pushed over server-sent events: no reload between the states.
  target.set(503);
  await row('down').waitFor(WAIT);
  target.set('ok');
  await row('up').waitFor(WAIT);
  await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true });
});

test('the monitor page shows the incident, its kind and the checks', { skip }, async () => {
  await page.locator('[data-testid=monitor-row][data-monitor-name=checkout] [data-testid=monitor-link]').click();
  await page.getByTestId('monitor-page').waitFor(WAIT);
  const incident = page.locator('[data-testid=incident-row][data-open=false][data-kind=http_503]');
  await incident.waitFor(WAIT);
  assert.match((await incident.textContent()) ?? '', /503/);
  await page.locator('[data-testid=check-row][data-ok=false]').first().waitFor(WAIT);
  await page.locator('[data-testid=response-chart]:not([data-points="0"])').waitFor(WAIT);
  assert.equal(await page.getByTestId('uptime-24h').isVisible(), true);
  await page.screenshot({ path: screenshotPath('monitor-page'), fullPage: true });
});

test('a status page published from the dashboard shows the monitor and its bar to anyone', { skip }, async () => {
  await page.getByTestId('nav-status-pages').click();
  await page.getByTestId('new-status-page').click();
  await page.getByTestId('field-slug').fill('public');
  await page.getByTestId('field-title').fill('Example status');
  await page.getByTestId('field-groups.0.monitors').fill('checkout');
  await page.getByTestId('save-status-page').click();
  await page.locator('[data-testid=status-page-row][data-slug=public]').waitFor(WAIT);

  // A visitor with no session: a new context has no cookie.
  const visitor = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 800 } });
  try {
    const status = await visitor.newPage();
    const response = await status.goto(`${server.url}/status/public`);
    assert.equal(response?.status(), 200);
    assert.equal(await status.locator('h1').textContent(), 'Example status');
    const monitor = status.locator('.sp-monitor', { hasText: 'checkout' });
    await monitor.waitFor(WAIT);
    assert.equal(await monitor.locator('.sp-bar li').count(), 90);
    // Today's cell holds the outage: not a full day of uptime, and its hover text says so.
    const today = monitor.locator('.sp-bar li').last();
    assert.match((await today.getAttribute('class')) ?? '', /^d-(minor|partial|major)$/);
    assert.match((await today.getAttribute('title')) ?? '', /% uptime, \d+ checks, \d+ failed\n.*503/);
    await status.screenshot({ path: screenshotPath('status-page'), fullPage: true });
  } finally {
    await visitor.close();
  }
});

test('a dashboard left open goes to the login page once its session has ended', { skip }, async () => {
  await page.goto(`${server.url}/#/monitors`);
  await page.locator('[data-testid=monitor-row][data-monitor-name=checkout]').waitFor(WAIT);
  // Every session ends (as a logout elsewhere or their expiry would): the live stream notices at
  // its next heartbeat (20 s), and the page, whose stream the server now refuses, asks to log in.
  await server.store.deleteExpiredSessions(Date.now() + 365 * 86_400_000);
  await page.waitForURL(/\/login\?next=/, { timeout: 40_000 });
});
