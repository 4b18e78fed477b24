import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startHttpTarget, type HttpTarget } from '../test-support/targets.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';
import { runNotifyTest } from './notify-test.js';

const BIN = fileURLToPath(new URL('../../bin/upwatch.js', import.meta.url));

describe('upwatch notify test', () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let refusing: HttpTarget;
  let file: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-notify-'));
    receiver = await startWebhookReceiver();
    refusing = await startHttpTarget({ status: 404, body: 'no_service' });
    file = join(dir, 'upwatch.yml');
    writeFileSync(
      file,
      [
        'public_url: https://upwatch.example.com',
        'notifiers:',
        `  hook: { type: webhook, url: "${receiver.url}" }`,
        `  team: { type: slack, url: "${refusing.url}/services/T000/B000/XXXX" }`,
        'monitors:',
        '  - { name: api, url: "http://127.0.0.1:1/health", notify: [hook] }',
      ].join('\n'),
    );
  });
  after(async () => {
    await receiver.close();
    await refusing.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) } };
  }

  test('a channel that accepts: exit 0, and the receiver got a test alert naming the monitor', async () => {
    const { out, io } = capture();
    assert.equal(await runNotifyTest('hook', file, io), 0);
    assert.match(out[0]!, /^hook \(webhook\): delivered \(HTTP 200, \d+ ms\)$/);
    const [hook] = await receiver.waitFor(1, 2_000);
    assert.equal(hook!.body.event, 'test');
    assert.equal(hook!.body.monitor.name, 'api');
    assert.equal(hook!.body.title, 'upwatch test alert for api');
  });

  test('a channel that refuses: exit 1 with the answer and whether the outbox would retry, and no secret', async () => {
    const { err, io } = capture();
    assert.equal(await runNotifyTest('team', file, io), 1);
    assert.match(err[0]!, /^team \(slack\): not delivered \(HTTP 404, \d+ ms\): .*no_service.*the outbox would not retry this: fix the settings$/);
    assert.ok(!err[0]!.includes('XXXX'), 'the webhook path is the secret');
  });

  test('an unknown name or a missing config: exit 2 with what is defined', async () => {
    const unknown = capture();
    assert.equal(await runNotifyTest('pager', file, unknown.io), 2);
    assert.equal(unknown.err[0], `no notifier named "pager" in ${file} (defined: hook, team)`);
    const missing = capture();
    assert.equal(await runNotifyTest('hook', undefined, missing.io), 2);
    assert.match(missing.err[0]!, /--config/);
  });

  test('wired into the CLI', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'notify', 'test', 'hook', '--config', file]);
    assert.match(stdout, /^hook \(webhook\): delivered/);
  });
});
