import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { startServer } from '../../src/server.js';

/**
 * The first run over a real port, as a new user meets it: the server prints a setup link, the
 * link's form makes the admin and logs in, and the next start prints no link. The public URL of
 * the config, when set, is the link's base.
 */

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-setup-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function serve(configFile?: string) {
  const printed: string[] = [];
  const logLines: string[] = [];
  const server = await startServer({
    configFile,
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    print: (line) => void printed.push(line),
  });
  return { server, printed, logLines };
}

/** The `name=value` of each cookie a response set. */
function cookiesOf(res: Response): string {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

test('the printed setup link makes the admin once, then no link is printed', async () => {
  const first = await serve();
  let token: string;
  try {
    const lines = first.printed.filter((l) => l.includes('/setup?token='));
    assert.equal(lines.length, 1);
    const link = new RegExp(`^Open (${first.server.url}/setup\\?token=([A-Za-z0-9_-]{43})) to create the admin account \\(valid until one is made\\)$`).exec(lines[0]!);
    assert.ok(link, lines[0]);
    token = link[2]!;
    assert.ok(first.printed.some((l) => l.startsWith('API token (shown once')), 'the initial API token is printed as before');

    const anonymous = await fetch(`${first.server.url}/api/monitors`);
    assert.equal(anonymous.status, 401);

    const form = await fetch(link[1]!);
    assert.equal(form.status, 200);
    const page = await form.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const created = await fetch(`${first.server.url}/setup`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form) },
      body: new URLSearchParams({ _csrf: csrf, token, username: 'admin', password: 'a long enough password', password_again: 'a long enough password' }),
    });
    assert.equal(created.status, 303);
    const setCookie = created.headers.getSetCookie().find((c) => c.startsWith('upwatch_session='))!;
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/);
    const monitors = await fetch(`${first.server.url}/api/monitors`, { headers: { cookie: setCookie.split(';')[0]! } });
    assert.equal(monitors.status, 200);
    assert.equal((await fetch(link[1]!)).status, 403, 'the link is dead');
  } finally {
    await first.server.stop();
  }
  assert.ok(!first.logLines.join('\n').includes(token), 'the setup token is never logged');

  const second = await serve();
  await second.server.stop();
  assert.deepEqual(second.printed.filter((l) => l.includes('/setup')), []);
});

test("the setup link uses the config's public URL", async () => {
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  const config = join(dir, 'upwatch.yml');
  writeFileSync(config, 'public_url: https://upwatch.example.com/\nmonitors: []\n');
  const { server, printed } = await serve(config);
  await server.stop();
  assert.ok(printed.some((l) => /^Open https:\/\/upwatch\.example\.com\/setup\?token=[A-Za-z0-9_-]{43} to create/.test(l)), printed.join('\n'));
});
