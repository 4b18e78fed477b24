import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { parseConfigText } from '../../config/load-config.js';
import { startServer, type RunningServer } from '../../server.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { startWebhookReceiver } from '../../test-support/webhook-receiver.js';
import { issueApiToken } from '../api-tokens.js';

/**
 * /api/notifiers over the real server (startServer with a config file, SQLite, the running
 * notifiers and a real webhook receiver): what a client sees, and that what it changes runs.
 */
describe('notifiers through the API', () => {
  let dir: string;
  let configFile: string;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let target: HttpTarget;
  let token: string;
  const logLines: string[] = [];

  const writeConfig = (...extraNotifiers: string[]) =>
    writeFileSync(
      configFile,
      [
        'notifiers:',
        `  ops: { type: webhook, url: "${receiver.url}/ops", headers: { Authorization: "Bearer file-secret" } }`,
        ...extraNotifiers,
        'monitors:',
        `  - { name: from-file, url: "${target.url}/", interval: 1h, notify: [ops] }`,
        '',
      ].join('\n'),
    );

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-notifiers-'));
    configFile = join(dir, 'upwatch.yml');
    receiver = await startWebhookReceiver();
    target = await startHttpTarget('ok');
    writeConfig();
    server = await startServer({
      configFile,
      dataDir: join(dir, 'data'),
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
      print: () => undefined,
    });
    token = (await issueApiToken(server.store, 'test', Date.now(), randomUUID)).token;
  });

  after(async () => {
    await server.stop();
    await receiver.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string; headers: Headers }> {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(`${server.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text), text, headers: res.headers };
  }

  test("the config file's notifiers are listed with their secrets hidden, and are read-only", async () => {
    const list = await api('GET', '/api/notifiers');
    assert.equal(list.status, 200);
    const port = new URL(receiver.url).port;
    assert.deepEqual(list.body.notifiers, [
      { name: 'ops', type: 'webhook', source: 'config', settings: { url: `http://127.0.0.1:${port}/••••`, headers: { Authorization: '••••' } }, created_at: null, updated_at: null },
    ]);
    assert.ok(!list.text.includes('file-secret'));

    const patch = await api('PATCH', '/api/notifiers/ops', { timeout: '5s' });
    assert.equal(patch.status, 409);
    assert.equal(patch.body.code, 'READ_ONLY');
    assert.equal(patch.body.message, `notifier "ops" comes from the config file ${configFile}: change it there and reload`);
    assert.equal((await api('DELETE', '/api/notifiers/ops')).status, 409);

    const taken = await api('POST', '/api/notifiers', { name: 'ops', type: 'webhook', url: receiver.url });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'CONFLICT');
    assert.equal(taken.body.message, `a notifier named "ops" is defined in the config file ${configFile}; choose another name`);
    assert.deepEqual(taken.body.fields, [{ path: 'name', message: 'is taken by a notifier of the config file' }]);

    const missing = await api('GET', '/api/notifiers/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'no notifier named "nope"');
    assert.equal((await fetch(`${server.url}/api/notifiers`)).status, 401, 'no token, no notifiers');
  });

  test('bad input is refused with the messages the config file gets for it, at the same fields', async () => {
    const entries: Array<Record<string, unknown>> = [
      { type: 'webhook', url: 'ftp://example.com/hook', headers: { 'X-Bad': 'a\nb' }, timeout: '10 minutes' },
      { type: 'slack', url: '', timeot: '5s' },
      { type: 'email', from: 'upwatch@example.com', to: 'ops@example.com, dev@example.com', smtp: { host: 'smtp.example.com', port: 465, secure: false } },
      { type: 'webhok', url: receiver.url },
    ];
    for (const entry of entries) {
      const loaded = parseConfigText(`notifiers:\n  bad: ${JSON.stringify(entry)}\n`);
      assert.ok(!loaded.ok);
      const fromFile = loaded.errors.map((e) => ({ path: e.path.replace(/^notifiers\.bad\./, ''), message: e.message }));
      const res = await api('POST', '/api/notifiers', { name: 'bad', ...entry });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.code, 'VALIDATION');
      assert.deepEqual(res.body.fields, fromFile, JSON.stringify(entry));
      assert.equal(res.body.message.split(' (and ')[0], `${fromFile[0]!.path}: ${fromFile[0]!.message}`);
    }
    assert.equal((await api('GET', '/api/notifiers/bad')).status, 404, 'nothing was stored');
  });

  test('a notifier POSTed runs at once: a monitor may name it, and a test alert reaches the receiver with its secrets', async () => {
    const created = await api('POST', '/api/notifiers', {
      name: 'hook',
      type: 'webhook',
      url: `${receiver.url}?key=s3cret-url`,
      headers: { Authorization: 'Bearer s3cret-header' },
      secret: 's3cret-signing',
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get('location'), '/api/notifiers/hook');
    assert.equal(created.body.source, 'api');
    assert.deepEqual(created.body.settings, { url: `http://127.0.0.1:${new URL(receiver.url).port}/••••`, headers: { Authorization: '••••' }, secret: '••••' });
    assert.match(created.body.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.ok(!created.text.includes('s3cret'));
    assert.ok(!(await api('GET', '/api/notifiers')).text.includes('s3cret'));
    assert.deepEqual((await api('GET', '/api/notifiers')).body.notifiers.map((n: any) => [n.name, n.source]), [['hook', 'api'], ['ops', 'config']]);

    const monitor = await api('POST', '/api/monitors', { name: 'api-mon', url: `${target.url}/`, interval: '1h', notify: ['hook'] });
    assert.equal(monitor.status, 201, monitor.text);

    const before = receiver.received.length;
    const sent = await api('POST', '/api/notifiers/hook/test');
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.body.delivered, true);
    assert.equal(sent.body.http_status, 200);
    assert.match(sent.body.message, /^hook \(webhook\): delivered \(HTTP 200, \d+ ms\)$/);
    const hook = (await receiver.waitFor(before + 1, 5_000))[before]!;
    assert.equal(hook.body.event, 'test');
    assert.equal(hook.body.monitor.name, 'api-mon', 'the test names a monitor that uses the notifier');
    assert.equal(hook.headers.authorization, 'Bearer s3cret-header');
    assert.match(String(hook.headers['x-upwatch-signature']), /^sha256=[0-9a-f]{64}$/);
    assert.deepEqual(logLines.filter((line) => line.includes('s3cret')), [], 'no secret in the logs');
  });

  test('PATCH with the form as GET showed it keeps every secret; a placeholder that stands for nothing is refused', async () => {
    const shown = (await api('GET', '/api/notifiers/hook')).body;
    const patched = await api('PATCH', '/api/notifiers/hook', { name: 'hook', type: 'webhook', ...shown.settings, timeout: '3s' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.settings.timeout, '3s');
    assert.deepEqual((await server.store.findNotifier('hook'))?.settings, {
      url: `${receiver.url}?key=s3cret-url`,
      headers: { Authorization: 'Bearer s3cret-header' },
      secret: 's3cret-signing',
      timeout: '3s',
    });
    const before = receiver.received.length;
    assert.equal((await api('POST', '/api/notifiers/hook/test')).body.delivered, true);
    assert.equal((await receiver.waitFor(before + 1, 5_000))[before]!.headers.authorization, 'Bearer s3cret-header');

    const elsewhere = await api('PATCH', '/api/notifiers/hook', { url: 'https://elsewhere.example.com/••••', headers: { 'X-New': '••••' } });
    assert.equal(elsewhere.status, 400);
    assert.deepEqual(elsewhere.body.fields.map((f: any) => f.path), ['url', 'headers.X-New']);
    assert.match(elsewhere.body.fields[0].message, /^holds the placeholder "••••" shown in place of a secret: send the real value/);
    const fresh = await api('POST', '/api/notifiers', { name: 'copy', type: 'webhook', url: shown.settings.url });
    assert.equal(fresh.status, 400, 'a copied placeholder never becomes a URL');
    assert.equal(fresh.body.fields[0].path, 'url');

    const renamed = await api('PATCH', '/api/notifiers/hook', { name: 'other' });
    assert.equal(renamed.status, 400);
    assert.equal(renamed.body.fields[0].path, 'name');
    assert.equal((await api('PATCH', '/api/notifiers/hook', { timeout: 'soon' })).body.message, 'timeout: must be a duration such as 10s, 30s or 1m');
  });

  test("a test the receiver refuses gives the receiver's answer", async () => {
    receiver.answer(500);
    try {
      const sent = await api('POST', '/api/notifiers/hook/test');
      assert.equal(sent.status, 200);
      assert.equal(sent.body.delivered, false);
      assert.equal(sent.body.http_status, 500);
      assert.equal(sent.body.retryable, true);
      assert.match(sent.body.error, /receiver answered 500: receiver is failing/);
      assert.match(sent.body.message, /^hook \(webhook\): not delivered \(HTTP 500, \d+ ms\): .*the outbox would retry this$/);
    } finally {
      receiver.answer(200);
    }
    assert.equal((await api('POST', '/api/notifiers/nope/test')).status, 404);
  });

  test('a notifier a monitor still names cannot be deleted; once free it can, and it stops running', async () => {
    const refused = await api('DELETE', '/api/notifiers/hook');
    assert.equal(refused.status, 409);
    assert.equal(refused.body.message, 'notifier "hook" is still named by monitor "api-mon" (in notify or escalate): take it out of them first');
    assert.equal((await api('PATCH', '/api/monitors/api-mon', { notify: [] })).status, 200);

    assert.equal((await api('DELETE', '/api/notifiers/hook')).status, 204);
    assert.equal((await api('GET', '/api/notifiers/hook')).status, 404);
    const naming = await api('PATCH', '/api/monitors/api-mon', { notify: ['hook'] });
    assert.equal(naming.status, 400);
    assert.match(naming.body.message, /^notify\[0\]: no notifier named "hook"/);
  });

  test('on reload, a notifier of the file with the name of an API one is a conflict; the API one keeps running', async () => {
    const created = await api('POST', '/api/notifiers', { name: 'team', type: 'slack', url: `${receiver.url}/services/T/B/x` });
    assert.equal(created.status, 201, created.text);
    writeConfig('  team: { type: webhook, url: "http://127.0.0.2:9/file-team" }');
    const report = await server.reload();
    assert.deepEqual(report.notifierConflicts, ['team']);
    assert.ok(logLines.some((line) => line.includes('config notifier not applied') && line.includes('was created through the API')));
    const team = (await api('GET', '/api/notifiers/team')).body;
    assert.equal(team.source, 'api');
    assert.equal(team.type, 'slack');
    assert.equal((await api('POST', '/api/notifiers/team/test')).body.delivered, true, 'the running one is the API one');
    // Only the conflict: the rest of the file applied.
    writeConfig();
    assert.deepEqual((await server.reload()).notifierConflicts, []);
  });
});
