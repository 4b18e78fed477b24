import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { issueApiToken } from '../api-tokens.js';
import { ADMIN, createAdmin, csrfOf, openAuthHarness, postForm, type AuthHarness } from '../../test-support/auth-harness.js';

const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';font-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'";

/** Who may do what: tokens, sessions and their CSRF token, pages and security headers, in process over SQLite. */
describe('access', () => {
  let h: AuthHarness;
  let session: string;
  let csrf: string;
  let bearer: { authorization: string };
  /** Every answer of these tests, to check no hash ever left the server. */
  const seen: LightMyRequestResponse[] = [];
  const inject = async (options: InjectOptions) => {
    const res = await h.app.inject(options);
    seen.push(res);
    return res;
  };

  before(async () => {
    h = await openAuthHarness();
    session = await createAdmin(h);
    csrf = await csrfOf(h.app, session);
    const { token } = await issueApiToken(h.store, 'initial', h.clock.now(), () => 'initial-id');
    bearer = { authorization: `Bearer ${token}` };
  });
  after(async () => {
    // Last: no answer of any test held a password hash or a token hash.
    const user = await h.store.findUserByUsername(ADMIN.username);
    const secrets = [user!.passwordHash, ...(await h.store.listApiTokens()).map((t) => t.hash)];
    assert.ok(seen.length > 20);
    for (const res of seen) for (const secret of secrets) assert.ok(!res.body.includes(secret), `${res.statusCode} answer holds a hash`);
    assert.ok(seen.every((res) => !res.body.includes('scrypt$')));
    await h.close();
  });

  test('anonymous: the API is a 401, a page redirects to the login with where it was going, public routes are open', async () => {
    const api = await inject({ url: '/api/monitors' });
    assert.equal(api.statusCode, 401);
    assert.equal(api.json().code, 'UNAUTHORIZED');
    const page = await inject({ url: '/?view=down' });
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/login?next=%2F%3Fview%3Ddown');
    assert.equal((await inject({ url: '/api/health' })).statusCode, 200);
    assert.equal((await inject({ url: '/login' })).statusCode, 200);
    assert.equal((await inject({ url: '/api/session' })).statusCode, 401);
    assert.equal((await inject({ url: '/api/session', headers: bearer })).statusCode, 401, 'a token has no session');
    assert.equal((await inject({ url: '/api/monitors', headers: { cookie: 'upwatch_session=forged' } })).statusCode, 401);
  });

  test('a session reads freely; its changes need its CSRF token, by header or form field, from our own pages', async () => {
    assert.equal((await inject({ url: '/api/monitors', headers: { cookie: session } })).statusCode, 200);
    const me = await inject({ url: '/api/session', headers: { cookie: session } });
    assert.deepEqual(Object.keys(me.json().user).sort(), ['id', 'username']);

    const create = (headers: Record<string, string>) => inject({ method: 'POST', url: '/api/tokens', headers: { cookie: session, ...headers }, payload: { name: 'from the dashboard' } });
    const missing = await create({});
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().code, 'FORBIDDEN');
    assert.equal((await create({ 'x-csrf-token': 'x'.repeat(43) })).statusCode, 403);
    assert.equal((await create({ 'x-csrf-token': csrf, 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    assert.equal((await create({ 'x-csrf-token': csrf, origin: 'https://evil.example' })).statusCode, 403);
    assert.equal((await h.store.listApiTokens()).length, 1, 'nothing was made');
    assert.equal((await create({ 'x-csrf-token': csrf, 'sec-fetch-site': 'same-origin' })).statusCode, 201);

    const form = await postForm(h.app, '/api/tokens', { _csrf: csrf, name: 'from a form' }, { cookie: session });
    seen.push(form);
    assert.equal(form.statusCode, 201);
    const deleteMonitor = await inject({ method: 'DELETE', url: '/api/monitors/nope', headers: { cookie: session } });
    assert.equal(deleteMonitor.statusCode, 403, 'checked before the route runs');
  });

  test('a token needs no CSRF token for a change, and a bad token is a 401 even with a session cookie', async () => {
    const res = await inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'ci' } });
    assert.equal(res.statusCode, 201);
    const wrong = await inject({ url: '/api/monitors', headers: { authorization: 'Bearer upw_nope', cookie: session } });
    assert.equal(wrong.statusCode, 401);
  });

  test('API tokens are created (shown once), listed without secrets, stamped when used, and revoked', async () => {
    const created = await inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: '  deploy  ' } });
    assert.equal(created.statusCode, 201);
    const { id, name, created_at, token } = created.json();
    assert.deepEqual(Object.keys(created.json()).sort(), ['created_at', 'id', 'name', 'token']);
    assert.equal(name, 'deploy');
    assert.equal(created_at, new Date(h.clock.now()).toISOString());
    assert.match(token, /^upw_[A-Za-z0-9_-]{43}$/);

    const listed = () => inject({ url: '/api/tokens', headers: bearer }).then((res) => res.json() as Array<Record<string, unknown>>);
    const entry = async () => (await listed()).find((t) => t.id === id)!;
    assert.deepEqual(await entry(), { id, name: 'deploy', created_at, last_used_at: null });
    assert.ok((await listed()).every((t) => !('token' in t) && !('hash' in t)));

    const use = () => inject({ url: '/api/monitors', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await use()).statusCode, 200);
    const firstUse = new Date(h.clock.now()).toISOString();
    assert.equal((await entry()).last_used_at, firstUse);
    await h.clock.advance(30_000);
    await use();
    assert.equal((await entry()).last_used_at, firstUse, 'not written again within a minute');
    await h.clock.advance(31_000);
    await use();
    assert.equal((await entry()).last_used_at, new Date(h.clock.now()).toISOString());

    const revoked = await inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie: session, 'x-csrf-token': csrf } });
    assert.equal(revoked.statusCode, 204);
    assert.equal((await use()).statusCode, 401);
    assert.equal((await inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: bearer })).statusCode, 404);
    const unnamed = await inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: ' ' } });
    assert.equal(unnamed.statusCode, 400);
    assert.equal(unnamed.json().fields[0].path, 'name');
  });

  test('security headers are on every answer: API, page, redirect, 401, 404 and a public badge', async () => {
    const answers = {
      api: await inject({ url: '/api/monitors', headers: bearer }),
      page: await inject({ url: '/login' }),
      redirect: await inject({ url: '/' }),
      unauthorized: await inject({ url: '/api/monitors' }),
      notFound: await inject({ url: '/api/nothing-here', headers: bearer }),
      badge: await inject({ url: '/badge/nope/status.svg' }),
    };
    assert.equal(answers.notFound.statusCode, 404);
    for (const [what, res] of Object.entries(answers)) {
      assert.equal(res.headers['content-security-policy'], CSP, what);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
      assert.equal(res.headers['x-frame-options'], 'DENY', what);
      assert.equal(res.headers['referrer-policy'], 'same-origin', what);
      assert.equal(res.headers['strict-transport-security'], undefined, `${what}: no HSTS over plain http`);
    }
    assert.equal(answers.badge.headers['cross-origin-resource-policy'], 'cross-origin', 'badges are shown on other sites');
    assert.equal(answers.api.headers['cross-origin-resource-policy'], 'same-origin');
  });
});
