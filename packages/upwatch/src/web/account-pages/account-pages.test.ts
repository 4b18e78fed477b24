import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  ADMIN,
  cookieSet,
  createAdmin,
  csrfOf,
  logInAs,
  openAuthHarness,
  openForm,
  postForm,
  type AuthHarness,
} from '../../test-support/auth-harness.js';

const DAY = 86_400_000;

/** The setup, login and logout pages in process, over a real SQLite store and a manual clock. */
describe('account pages', () => {
  let h: AuthHarness;
  beforeEach(async () => {
    h = await openAuthHarness();
  });
  afterEach(() => h.close());

  test('setup with a wrong or missing token is a 403 page without a form, and its post creates nothing', async () => {
    for (const url of ['/setup', '/setup?token=wrong', `/setup?token=${h.setupToken.value!.slice(1)}`]) {
      const res = await h.app.inject({ url });
      assert.equal(res.statusCode, 403, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /This setup link is not valid/);
      assert.doesNotMatch(res.body, /<form/);
    }
    const form = await openForm(h.app, `/setup?token=${h.setupToken.value}`);
    const res = await postForm(h.app, '/setup', { _csrf: form.csrf, token: 'wrong', username: 'mallory', password: 'x'.repeat(20), password_again: 'x'.repeat(20) }, { cookie: form.cookie });
    assert.equal(res.statusCode, 403);
    assert.equal(cookieSet(res, 'upwatch_session'), undefined);
    assert.equal(await h.store.countUsers(), 0);
  });

  test('setup works once: the admin is made and logged in, then the link is dead', async () => {
    const token = h.setupToken.value!;
    const form = await openForm(h.app, `/setup?token=${token}`);
    assert.equal(form.page.statusCode, 200);
    assert.match(form.page.body, /<input id="password" name="password" type="password"/);
    const res = await postForm(h.app, '/setup', { _csrf: form.csrf, token, username: ADMIN.username, password: ADMIN.password, password_again: ADMIN.password }, { cookie: form.cookie });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');

    const session = cookieSet(res, 'upwatch_session');
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.path, '/');
    assert.equal(session.secure, undefined, 'no Secure flag over plain http: the browser would drop the cookie');
    const me = await h.app.inject({ url: '/api/session', headers: { cookie: `upwatch_session=${session.value}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.username, 'Admin');

    const user = await h.store.findUserByUsername('admin');
    assert.match(user!.passwordHash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    assert.equal((await h.store.findSession(sessionIdFromCookie(session.value)))?.user.id, user!.id, 'the store holds the cookie only as a hash');

    const again = await postForm(h.app, '/setup', { _csrf: form.csrf, token, username: 'second', password: 'y'.repeat(20), password_again: 'y'.repeat(20) }, { cookie: form.cookie });
    assert.equal(again.statusCode, 403);
    assert.equal((await h.app.inject({ url: `/setup?token=${token}` })).statusCode, 403);
    assert.equal(await h.store.countUsers(), 1);
    assert.equal(h.setupToken.value, null);

    const logs = h.logLines.join('\n');
    assert.ok(!logs.includes(token), 'the setup token is never logged');
    assert.ok(!logs.includes(ADMIN.password), 'nor the password');
    assert.ok(logs.includes('"url":"/setup"'), 'the request is logged without its query');
  });

  test('setup refuses a short password or two that differ, names the field, and keeps the link alive', async () => {
    const token = h.setupToken.value!;
    const form = await openForm(h.app, `/setup?token=${token}`);
    const short = await postForm(h.app, '/setup', { _csrf: form.csrf, token, username: 'ops', password: 'short', password_again: 'short' }, { cookie: form.cookie });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /must be at least 12 characters/);
    assert.match(short.body, /value="ops"/, 'the username is kept');
    const differ = await postForm(h.app, '/setup', { _csrf: form.csrf, token, username: 'ops', password: 'a'.repeat(12), password_again: 'b'.repeat(12) }, { cookie: form.cookie });
    assert.equal(differ.statusCode, 400);
    assert.match(differ.body, /is not the same password/);
    assert.equal(await h.store.countUsers(), 0);
    assert.equal((await h.app.inject({ url: `/setup?token=${token}` })).statusCode, 200);
  });

  test('a pre-login form without its CSRF cookie, with another token, or from another site is refused', async () => {
    const token = h.setupToken.value!;
    const form = await openForm(h.app, `/setup?token=${token}`);
    const fields = { _csrf: form.csrf, token, username: 'ops', password: ADMIN.password, password_again: ADMIN.password };
    assert.equal((await postForm(h.app, '/setup', fields)).statusCode, 403, 'no cookie');
    assert.equal((await postForm(h.app, '/setup', { ...fields, _csrf: 'x'.repeat(43) }, { cookie: form.cookie })).statusCode, 403, 'another token');
    assert.equal((await postForm(h.app, '/setup', fields, { cookie: form.cookie, 'sec-fetch-site': 'cross-site' })).statusCode, 403, 'Sec-Fetch-Site');
    assert.equal((await postForm(h.app, '/setup', fields, { cookie: form.cookie, origin: 'https://evil.example' })).statusCode, 403, 'Origin');
    assert.equal(await h.store.countUsers(), 0);
    const ok = await postForm(h.app, '/setup', fields, { cookie: form.cookie, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' });
    assert.equal(ok.statusCode, 303);
  });

  test('login: one plain message for a wrong password or an unknown user, any case of the username, and a same-site next', async () => {
    await createAdmin(h);
    for (const [username, password] of [['Admin', 'wrong password!'], ['nobody', ADMIN.password]] as const) {
      const res = await logInAs(h.app, username, password);
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /Wrong username or password\./);
      assert.equal(cookieSet(res, 'upwatch_session'), undefined);
    }
    const ok = await logInAs(h.app, 'aDMIN', ADMIN.password, { next: '/monitors/abc?tab=checks' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/monitors/abc?tab=checks');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/login']) {
      const res = await logInAs(h.app, 'admin', ADMIN.password, { next });
      assert.equal(res.headers.location, '/', next);
    }
    const page = await h.app.inject({ url: '/login?next=%2F%2Fevil.example' });
    assert.match(page.body, /name="next" value="\/"/);
  });

  test('logout needs the session CSRF token, ends the session and clears the cookie', async () => {
    const session = await createAdmin(h);
    assert.equal((await h.app.inject({ method: 'POST', url: '/logout', headers: { cookie: session } })).statusCode, 403);
    assert.equal((await h.app.inject({ url: '/api/session', headers: { cookie: session } })).statusCode, 200, 'still logged in');
    const res = await postForm(h.app, '/logout', { _csrf: await csrfOf(h.app, session) }, { cookie: session });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/login');
    assert.equal(cookieSet(res, 'upwatch_session')?.value, '');
    assert.equal((await h.app.inject({ url: '/api/session', headers: { cookie: session } })).statusCode, 401);
    const stale = await h.app.inject({ method: 'POST', url: '/logout', headers: { cookie: session } });
    assert.equal(stale.statusCode, 303, 'logging out without a live session just clears the cookie');
  });

  test('login is rate limited: a 429 with Retry-After after 5 failures, even for the right password, and allowed again after the window', async () => {
    await createAdmin(h);
    for (let i = 0; i < 5; i++) assert.equal((await logInAs(h.app, 'admin', `wrong ${i}`)).statusCode, 401);
    await h.clock.advance(60_000);
    const limited = await logInAs(h.app, 'ADMIN', ADMIN.password);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.headers['retry-after'], String(14 * 60));
    assert.match(limited.body, /Too many failed logins\. Try again in 14 minutes\./);
    await h.clock.advance(14 * 60_000);
    const ok = await logInAs(h.app, 'admin', ADMIN.password);
    assert.equal(ok.statusCode, 303);
    // The success forgave the username's failures: four more wrong ones are not yet a limit.
    for (let i = 0; i < 4; i++) assert.equal((await logInAs(h.app, 'admin', `wrong ${i}`)).statusCode, 401);
    assert.equal((await logInAs(h.app, 'admin', ADMIN.password)).statusCode, 303);
  });

  test('logins sent together meet the limit too: scrypt is slow, and none waits for another to fail', async () => {
    await createAdmin(h);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => logInAs(h.app, 'admin', `wrong ${i}`)));
    const statuses = burst.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [...new Array<number>(5).fill(401), ...new Array<number>(7).fill(429)]);
    const long = await logInAs(h.app, 'a'.repeat(200_000), 'whatever');
    assert.equal(long.statusCode, 401, 'a username no account can have is refused before the limiter keeps it');
  });

  test('a session lasts 14 days after its last use and 30 days at most; an expired one is deleted', async () => {
    const session = await createAdmin(h);
    const me = () => h.app.inject({ url: '/api/session', headers: { cookie: session } });
    for (const day of [0, 13, 26]) {
      assert.equal((await me()).statusCode, 200, `day ${day}, used every 13 days`);
      await h.clock.advance(day < 26 ? 13 * DAY : 4 * DAY);
    }
    // Day 30 since the login, 4 days since the last use: past the 30 days all the same.
    assert.equal((await me()).statusCode, 401);
    assert.equal(await h.store.deleteExpiredSessions(h.clock.now() + 365 * DAY), 0, 'already deleted when met');

    const idle = await logInAs(h.app, 'admin', ADMIN.password);
    const cookie = `upwatch_session=${cookieSet(idle, 'upwatch_session')!.value}`;
    await h.clock.advance(14 * DAY - 1);
    assert.equal((await h.app.inject({ url: '/api/session', headers: { cookie } })).statusCode, 200);
    await h.clock.advance(14 * DAY);
    assert.equal((await h.app.inject({ url: '/api/session', headers: { cookie } })).statusCode, 401);
  });
});

describe('account pages behind a TLS proxy', () => {
  test('cookies are Secure and HSTS is sent when the request came over https, through a trusted proxy only', async () => {
    const trusting = await openAuthHarness({ trustProxy: '127.0.0.1' });
    const other = await openAuthHarness();
    try {
      const https = await trusting.app.inject({ url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(cookieSet(https, 'upwatch_csrf')?.secure, true);
      assert.equal(https.headers['strict-transport-security'], 'max-age=31536000');
      const plain = await trusting.app.inject({ url: '/login' });
      assert.equal(cookieSet(plain, 'upwatch_csrf')?.secure, undefined);
      assert.equal(plain.headers['strict-transport-security'], undefined);
      const untrusted = await other.app.inject({ url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(cookieSet(untrusted, 'upwatch_csrf')?.secure, undefined, 'a header anyone can send proves nothing');
      assert.equal(untrusted.headers['strict-transport-security'], undefined);
    } finally {
      await trusting.close();
      await other.close();
    }
  });
});

function sessionIdFromCookie(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
