import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { generateTestCerts, type TestCerts } from '../../test-support/certs.js';
import { freePort } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { SendResult } from '../notifier.js';
import { emailConfigFrom, type EmailConfig, type SmtpSettings } from './email-config.js';
import { createEmailNotifier } from './email-notifier.js';
import { emailMessage } from './email-payload.js';
import { parseMime, startSmtpTarget, type SmtpTarget, type SmtpTargetOptions } from './test-support/smtp-target.js';

const USER = 'upwatch';
const PASSWORD = 'pa55-word-never-logged';

/** The email notifier with the real nodemailer, against a real SMTP server on 127.0.0.1. */
describe('email notifier', () => {
  let certs: TestCerts;
  const dir = mkdtempSync(join(tmpdir(), 'upwatch-email-'));
  const servers: SmtpTarget[] = [];
  before(async () => {
    certs = await generateTestCerts();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (options: Partial<SmtpTargetOptions> = {}) => {
    const server = await startSmtpTarget({ certificate: certs.localhost, ...options });
    servers.push(server);
    return server;
  };
  const settings = (server: { port: number }, overrides: Partial<SmtpSettings> = {}): EmailConfig => ({
    type: 'email',
    name: 'mail',
    from: 'upwatch <upwatch@example.com>',
    to: ['ops@example.com', 'dev@example.com'],
    smtp: { host: '127.0.0.1', port: server.port, secure: false, user: USER, pass: PASSWORD, requireTls: true, ca: certs.ca.cert, ...overrides },
    timeoutMs: 5_000,
  });
  const context = (deliveryId: number) => ({ deliveryId, attempt: 1, signal: new AbortController().signal });
  const failure = (result: SendResult) => {
    assert.equal(result.ok, false, 'the send failed');
    return result as Extract<SendResult, { ok: false }>;
  };

  const monitor = aMonitor('m1');
  const down = aDelivery('alert-1', 'mail', T0 + 10_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'mail', T0 + 70_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 70_000)).alert;
  const expected = (alert: Alert, publicUrl: string | null) => emailMessage(alertContent(alert, { publicUrl }), alert, { domain: 'example.com' });

  test('a down over STARTTLS on a submission port, the self-signed certificate trusted through ca_file, AUTH PLAIN: text and HTML parts as rendered', async () => {
    const server = await start({ certificate: certs.selfSigned, users: { [USER]: PASSWORD }, authMethods: ['PLAIN'] });
    writeFileSync(join(dir, 'self-signed.pem'), certs.selfSigned.cert);
    const parsed = emailConfigFrom(
      { type: 'email', from: 'upwatch <upwatch@example.com>', to: ['ops@example.com', 'dev@example.com'], smtp: { host: '127.0.0.1', port: server.port, secure: false, user: USER, pass: PASSWORD, ca_file: join(dir, 'self-signed.pem') } },
      'mail',
    );
    assert.ok(parsed.ok);
    const notifier = createEmailNotifier('mail', parsed.config, { publicUrl: 'https://upwatch.example.com' });
    assert.equal(notifier.type, 'email');

    assert.deepEqual(await notifier.send(down, context(7)), { ok: true, httpStatus: null });
    assert.deepEqual(server.auths, [{ method: 'PLAIN', username: USER, accepted: true }]);
    assert.equal(server.messages.length, 1);
    const mail = server.messages[0]!;
    assert.equal(mail.secure, true, 'upgraded with STARTTLS before anything was sent');
    assert.equal(mail.user, USER);
    assert.equal(mail.from, 'upwatch@example.com');
    assert.deepEqual(mail.to, ['ops@example.com', 'dev@example.com']);

    const want = expected(down, 'https://upwatch.example.com');
    const message = parseMime(mail.raw);
    assert.equal(message.headers.get('subject'), want.subject);
    assert.equal(message.headers.get('from'), 'upwatch <upwatch@example.com>');
    assert.equal(message.headers.get('to'), 'ops@example.com, dev@example.com');
    assert.equal(message.headers.get('message-id'), '<incident-inc-1@example.com>');
    assert.equal(message.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(message.headers.get('x-upwatch-event'), 'down');
    assert.equal(message.headers.get('x-upwatch-alert-id'), 'alert-1');
    assert.equal(message.headers.get('x-upwatch-delivery'), '7');
    assert.equal(message.headers.get('x-priority'), '1 (Highest)');
    assert.match(message.headers.get('content-type') ?? '', /^multipart\/alternative;/);
    assert.deepEqual(
      message.parts.map((p) => p.headers.get('content-type')),
      ['text/plain; charset=utf-8', 'text/html; charset=utf-8'],
      'plain text first, HTML last (the part clients prefer)',
    );
    assert.equal(crlfToLf(message.parts[0]!.body), want.text);
    assert.equal(crlfToLf(message.parts[1]!.body), want.html);
    assert.match(message.parts[0]!.body, /^Error: +HTTP 503 Service Unavailable\r$/m);
    assert.match(message.parts[1]!.body, /<a href="https:\/\/upwatch\.example\.com\/monitors\/m1"/);
  });

  test('an up joins the down\'s thread; AUTH LOGIN when that is what the server offers', async () => {
    const server = await start({ users: { [USER]: PASSWORD }, authMethods: ['LOGIN'] });
    const notifier = createEmailNotifier('mail', settings(server), { publicUrl: null });
    assert.deepEqual(await notifier.send(up, context(8)), { ok: true, httpStatus: null });
    assert.deepEqual(server.auths, [{ method: 'LOGIN', username: USER, accepted: true }]);
    const message = parseMime(server.messages[0]!.raw);
    const want = expected(up, null);
    assert.equal(message.headers.get('subject'), 'monitor m1 is UP again after 1m10s');
    assert.equal(message.headers.get('message-id'), '<alert-alert-2@example.com>');
    assert.equal(message.headers.get('in-reply-to'), '<incident-inc-1@example.com>');
    assert.equal(message.headers.get('references'), '<incident-inc-1@example.com>');
    assert.equal(message.headers.get('x-upwatch-event'), 'up');
    assert.equal(message.headers.get('x-priority'), undefined, 'normal priority adds no header');
    assert.equal(crlfToLf(message.parts[0]!.body), want.text);
    assert.equal(crlfToLf(message.parts[1]!.body), want.html);
  });

  test('TLS from the first byte (secure: true, as on port 465) with a CA-signed certificate', async () => {
    const server = await start({ secure: true, users: { [USER]: PASSWORD } });
    const notifier = createEmailNotifier('mail', settings(server, { secure: true }), { publicUrl: null });
    assert.deepEqual(await notifier.send(down, context(9)), { ok: true, httpStatus: null });
    assert.equal(server.messages[0]?.secure, true);
  });

  test('a relay without login or STARTTLS delivers in clear when TLS is not required', async () => {
    const server = await start({ noStartTls: true });
    const notifier = createEmailNotifier('mail', settings(server, { user: null, pass: null, requireTls: false, ca: null }), { publicUrl: null });
    assert.deepEqual(await notifier.send(down, context(10)), { ok: true, httpStatus: null });
    assert.equal(server.messages[0]?.secure, false);
    assert.equal(server.messages[0]?.user, null);
  });

  test('a wrong password: not retryable, the SMTP code in the error, no form of the password anywhere in it', async () => {
    // A careless server quotes what it got; the error must still not carry it.
    const server = await start({ users: { [USER]: 'the-right-one' }, authMethods: ['PLAIN'], authFailureText: (given) => `5.7.8 bad credentials: ${given}` });
    const notifier = createEmailNotifier('mail', settings(server), { publicUrl: null });
    const result = failure(await notifier.send(down, context(11)));
    assert.equal(result.retryable, false);
    assert.equal(result.httpStatus, null);
    assert.equal(result.error, 'login refused: SMTP 535 after AUTH PLAIN: 5.7.8 bad credentials: [redacted]');
    assert.deepEqual(server.auths, [{ method: 'PLAIN', username: USER, accepted: false }]);
    assert.equal(server.messages.length, 0);
    assertNoSecret(result.error);
  });

  test('a wrong password with AUTH LOGIN is refused the same way', async () => {
    const server = await start({ users: { [USER]: 'the-right-one' }, authMethods: ['LOGIN'] });
    const result = failure(await createEmailNotifier('mail', settings(server), { publicUrl: null }).send(down, context(12)));
    assert.equal(result.retryable, false);
    assert.match(result.error, /^login refused: SMTP 535 after AUTH LOGIN: 5\.7\.8 Authentication credentials invalid$/);
    assertNoSecret(result.error);
  });

  test('a certificate nobody told us to trust stops the send before the login: not retryable, pointing at ca_file', async () => {
    const server = await start({ certificate: certs.selfSigned, users: { [USER]: PASSWORD } });
    const result = failure(await createEmailNotifier('mail', settings(server, { ca: null }), { publicUrl: null }).send(down, context(13)));
    assert.equal(result.retryable, false);
    assert.equal(result.error, 'TLS failed (DEPTH_ZERO_SELF_SIGNED_CERT): self-signed certificate; for a private or self-signed certificate, trust it (or its CA) with smtp.ca_file');
    assert.deepEqual(server.auths, [], 'the password was never sent');
    assert.equal(server.messages.length, 0);
    assertNoSecret(result.error);
  });

  test('require_tls against a server without STARTTLS: refused before the password crosses the network in clear', async () => {
    const server = await start({ noStartTls: true, users: { [USER]: PASSWORD } });
    const result = failure(await createEmailNotifier('mail', settings(server), { publicUrl: null }).send(down, context(14)));
    assert.equal(result.retryable, false);
    assert.match(result.error, /^SMTP 5\d\d after STARTTLS: .*; the server cannot upgrade to TLS, and smtp\.require_tls keeps the login off a clear connection$/);
    assert.deepEqual(server.auths, []);
    assert.equal(server.messages.length, 0);
  });

  test('a 4xx reply (greylisting at RCPT TO) is retryable; 5xx replies at MAIL FROM and DATA are not', async () => {
    const server = await start({ users: { [USER]: PASSWORD } });
    const notifier = createEmailNotifier('mail', settings(server), { publicUrl: null });

    server.reject({ at: 'RCPT TO', code: 451, message: '4.7.1 Greylisted, try again in 5 minutes' });
    const greylisted = failure(await notifier.send(down, context(15)));
    assert.deepEqual(greylisted, { ok: false, retryable: true, httpStatus: null, error: 'SMTP 451 after RCPT TO: 4.7.1 Greylisted, try again in 5 minutes' });

    server.reject({ at: 'MAIL FROM', code: 550, message: '5.7.1 Sender upwatch@example.com not allowed' });
    const refused = failure(await notifier.send(down, context(16)));
    assert.deepEqual(refused, { ok: false, retryable: false, httpStatus: null, error: 'SMTP 550 after MAIL FROM: 5.7.1 Sender upwatch@example.com not allowed' });

    server.reject({ at: 'DATA', code: 554, message: '5.6.0 Message content rejected' });
    const rejected = failure(await notifier.send(down, context(17)));
    assert.deepEqual(rejected, { ok: false, retryable: false, httpStatus: null, error: 'SMTP 554 after DATA: 5.6.0 Message content rejected' });

    server.reject({ at: 'DATA', code: 452, message: '4.3.1 Insufficient system storage' });
    assert.equal(failure(await notifier.send(down, context(18))).retryable, true);

    assert.equal(server.messages.length, 0);
    server.reject(null);
    assert.deepEqual(await notifier.send(down, context(19)), { ok: true, httpStatus: null }, 'the same notifier delivers once the server accepts again');
    assert.equal(server.messages.length, 1);
  });

  test('a refused connection is retryable and named by its socket error', async () => {
    const port = await freePort();
    const result = failure(await createEmailNotifier('mail', settings({ port }), { publicUrl: null }).send(down, context(20)));
    assert.equal(result.retryable, true);
    assert.match(result.error, /^ECONNREFUSED: /);
  });

  test('a server that never greets is cut off at the timeout, retryable', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const config = { ...settings(silent.address() as AddressInfo), timeoutMs: 300 };
      const started = Date.now();
      const result = failure(await createEmailNotifier('mail', config, { publicUrl: null }).send(down, context(21)));
      assert.ok(Date.now() - started < 3_000, 'well within the test timeout');
      assert.equal(result.retryable, true);
      assert.match(result.error, /^no answer from the SMTP server within 300ms/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  test('a certificate for another name, an expired one, and TLS spoken to a plain port each say what to fix', async () => {
    const cases = [
      { certificate: certs.wrongName, secure: false, error: /^TLS failed \(ERR_TLS_CERT_ALTNAME_INVALID\): .*; smtp\.host must be a name \(or address\) that the server's certificate lists$/ },
      { certificate: certs.expired, secure: false, error: /^TLS failed \(CERT_HAS_EXPIRED\): certificate has expired; the server's certificate is outside its validity period/ },
      { certificate: certs.localhost, secure: true, error: /^TLS failed \(ERR_SSL_WRONG_VERSION_NUMBER\): the server did not answer in TLS; check smtp\.secure/ },
    ];
    for (const c of cases) {
      const server = await start({ certificate: c.certificate, users: { [USER]: PASSWORD } });
      const result = failure(await createEmailNotifier('mail', settings(server, { secure: c.secure }), { publicUrl: null }).send(down, context(23)));
      assert.equal(result.retryable, false);
      assert.match(result.error, c.error);
      assert.deepEqual(server.auths, []);
      assertNoSecret(result.error);
    }
  });

  test('nodemailer is loaded on the first send, not when the notifier is created', async () => {
    const probe = fileURLToPath(new URL('./test-support/nodemailer-load-probe.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe], { timeout: 20_000 });
    const counts = JSON.parse(stdout) as { afterCreate: number; afterSend: number; sent: boolean };
    assert.equal(counts.afterCreate, 0, 'creating the notifier loaded nothing of nodemailer');
    assert.ok(counts.afterSend > 0, 'the first send loaded it');
    assert.equal(counts.sent, false, 'nothing listened on the port');
  });

  test('a send cancelled by shutdown is retryable', async () => {
    const server = await start({ users: { [USER]: PASSWORD } });
    const controller = new AbortController();
    controller.abort();
    const result = failure(await createEmailNotifier('mail', settings(server), { publicUrl: null }).send(down, { deliveryId: 22, attempt: 1, signal: controller.signal }));
    assert.equal(result.retryable, true);
    assert.match(result.error, /cancelled/);
    assert.equal(server.messages.length, 0);
  });
});

function assertNoSecret(error: string): void {
  const forms = [PASSWORD, 'the-right-one', b64(PASSWORD), b64(`\0${USER}\0${PASSWORD}`)];
  for (const form of forms) assert.ok(!error.includes(form), `no "${form}" in: ${error}`);
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

function crlfToLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
