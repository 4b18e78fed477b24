import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { buildApi } from '../api/api-app.js';
import { createSetupToken, type SetupToken } from '../api/auth/setup-token.js';
import { HeartbeatLog } from '../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../engine/maintenance-registry.js';
import { pingTokenOf } from '../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { ManualClock } from './manual-clock.js';

export const ADMIN = { username: 'Admin', password: 'correct horse battery staple' };

/** The app in process over a real SQLite file, a manual clock and a live setup token, with its log lines kept. */
export interface AuthHarness {
  app: FastifyInstance;
  store: Store;
  clock: ManualClock;
  setupToken: SetupToken;
  logLines: string[];
  close(): Promise<void>;
}

/** @example const h = await openAuthHarness(); const session = await createAdmin(h); */
export async function openAuthHarness(options: { trustProxy?: string } = {}): Promise<AuthHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'upwatch-auth-'));
  const store = await openSqliteStore(join(dir, 'upwatch.db'));
  const clock = new ManualClock();
  const setupToken = createSetupToken();
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  // The engine is not what these tests look at: the API's port to it does nothing here.
  const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
  const now = () => clock.now();
  const app = buildApi(
    {
      store,
      runtime,
      clock,
      notifierNames: () => [],
      newId: randomUUID,
      version: 'test',
      maintenance: new MaintenanceRegistry(store, now),
      heartbeats: new HeartbeatLog(store, now, pingTokenOf),
      setupToken,
    },
    logger,
    options,
  );
  return {
    app,
    store,
    clock,
    setupToken,
    logLines,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A cookie a response set, by name. */
export function cookieSet(res: LightMyRequestResponse, name: string) {
  return (res.cookies as Array<{ name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string; maxAge?: number }>).find(
    (c) => c.name === name,
  );
}

/** The value of a form's hidden field in a page. */
export function hiddenField(page: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(page);
  if (!m) throw new Error(`no hidden field "${name}" in the page`);
  return m[1]!;
}

/** Opens a pre-login form page and gives what posting it needs: the CSRF cookie and field. */
export async function openForm(app: FastifyInstance, url: string): Promise<{ page: LightMyRequestResponse; csrf: string; cookie: string }> {
  const page = await app.inject({ url });
  const csrf = hiddenField(page.body, '_csrf');
  return { page, csrf, cookie: `upwatch_csrf=${cookieSet(page, 'upwatch_csrf')?.value ?? csrf}` };
}

/** Posts a form as a browser does. */
export function postForm(app: FastifyInstance, url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(fields).toString() });
}

/** Creates the admin through the setup page; returns the session cookie (`upwatch_session=…`). */
export async function createAdmin(h: AuthHarness): Promise<string> {
  const token = h.setupToken.value!;
  const form = await openForm(h.app, `/setup?token=${token}`);
  const res = await postForm(h.app, '/setup', { _csrf: form.csrf, token, username: ADMIN.username, password: ADMIN.password, password_again: ADMIN.password }, { cookie: form.cookie });
  const session = cookieSet(res, 'upwatch_session');
  if (res.statusCode !== 303 || !session) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return `upwatch_session=${session.value}`;
}

/** Logs in through the login page; returns the response. */
export async function logInAs(app: FastifyInstance, username: string, password: string, extra: Record<string, string> = {}) {
  const form = await openForm(app, '/login');
  return postForm(app, '/login', { _csrf: form.csrf, username, password, next: '/', ...extra }, { cookie: form.cookie });
}

/** The session's CSRF token, as the dashboard reads it. */
export async function csrfOf(app: FastifyInstance, session: string): Promise<string> {
  const res = await app.inject({ url: '/api/session', headers: { cookie: session } });
  return res.json().csrf_token as string;
}
