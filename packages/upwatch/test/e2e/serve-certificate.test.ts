import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../src/server.js';
import { generateTestCerts } from '../../src/test-support/certs.js';
import { startHttpsTarget, type HttpTarget } from '../../src/test-support/targets.js';
import { startWebhookReceiver } from '../../src/test-support/webhook-receiver.js';

/**
 * Certificate expiry end to end: a server with a tls monitor on a local HTTPS server whose
 * certificate expires in 3 days, checked every second. The 7-day warning goes out exactly once,
 * as its own webhook event, and a restart does not send it again.
 */

let dir: string;
let target: HttpTarget;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let server: RunningServer | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-cert-'));
  const certs = await generateTestCerts();
  target = await startHttpsTarget(certs.expiringSoon);
  receiver = await startWebhookReceiver();
  writeFileSync(join(dir, 'ca.pem'), certs.ca.cert);
  writeFileSync(
    join(dir, 'upwatch.yml'),
    [
      'monitors:',
      '  - name: cert',
      '    type: tls',
      '    host: localhost',
      `    port: ${new URL(target.url).port}`,
      '    warn_days: [30, 14, 7, 1]',
      `    tls: { ca_file: ${join(dir, 'ca.pem')} }`,
      '    interval: 1s',
      '    notify: [ops]',
      'notifiers:',
      '  ops:',
      '    type: webhook',
      `    url: ${receiver.url}`,
      '',
    ].join('\n'),
  );
});

after(async () => {
  await server?.stop();
  await target.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

const serve = () =>
  startServer({ configFile: join(dir, 'upwatch.yml'), dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), print: () => undefined });

test('a certificate 3 days from expiry raises the 7-day warning exactly once, across a restart', { timeout: 60_000 }, async () => {
  server = await serve();
  const [hook] = await receiver.waitFor(1, 15_000);
  assert.equal(hook!.body.event, 'cert_expiring');
  assert.equal(hook!.body.monitor.type, 'tls');
  assert.equal(hook!.body.monitor.target, `TLS localhost:${new URL(target.url).port}`);
  assert.ok([2, 3].includes(hook!.body.certificate.days_left), JSON.stringify(hook!.body.certificate));
  assert.match(hook!.body.certificate.subject, /CN=localhost/);
  assert.match(hook!.body.certificate.issuer, /CN=upwatch test CA/);
  assert.ok(Date.parse(hook!.body.certificate.not_after) > Date.now());
  assert.match(hook!.body.title, /^cert: TLS certificate expires in [23] days$/);
  assert.match(hook!.body.explanation, /This is the 7-day warning/);
  assert.equal(hook!.body.incident, null);

  // Several more checks, then a restart and more checks: still one warning.
  const id = (await server.store.findMonitor('cert'))!.id;
  const stored = async () => (await server!.store.listChecks(id, { limit: 100 })).length;
  const moreChecks = async (n: number) => {
    const want = (await stored()) + n;
    const deadline = Date.now() + 20_000;
    while ((await stored()) < want) {
      assert.ok(Date.now() < deadline, `${n} more checks within 20 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await moreChecks(3);
  await server.stop();
  server = await serve();
  await moreChecks(3);
  assert.deepEqual(receiver.received.map((h) => h.body.event), ['cert_expiring']);
  assert.equal(server.engine.getState(id)?.status, 'up');
});
