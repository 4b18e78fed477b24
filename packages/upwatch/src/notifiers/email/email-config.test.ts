import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { EmailConfigSchema, emailConfigFrom, type EmailConfigInput } from './email-config.js';

const base: EmailConfigInput = { type: 'email', from: 'upwatch@example.com', to: ['ops@example.com'], smtp: { host: 'smtp.example.com' } };
const withSmtp = (smtp: Partial<EmailConfigInput['smtp']>, rest: Partial<EmailConfigInput> = {}): EmailConfigInput => ({ ...base, ...rest, smtp: { ...base.smtp, ...smtp } });

describe('email config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upwatch-email-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('defaults: submission port 587 with STARTTLS, no login, system CAs, 10s', () => {
    assert.deepEqual(emailConfigFrom({ ...base, to: 'ops@example.com' }, 'mail'), {
      ok: true,
      config: {
        type: 'email',
        name: 'mail',
        from: 'upwatch@example.com',
        to: ['ops@example.com'],
        smtp: { host: 'smtp.example.com', port: 587, secure: false, user: null, pass: null, requireTls: false, ca: null },
        timeoutMs: 10_000,
      },
    });
  });

  test('the example from the docs: a login makes TLS required unless turned off', () => {
    const input = withSmtp({ port: 587, secure: false, user: 'upwatch', pass: 's3cret pass' }, { to: ['ops@example.com', 'Oncall <oncall@example.com>'], timeout: '30s' });
    const result = emailConfigFrom(input, 'mail');
    assert.ok(result.ok);
    assert.deepEqual(result.config.smtp, { host: 'smtp.example.com', port: 587, secure: false, user: 'upwatch', pass: 's3cret pass', requireTls: true, ca: null });
    assert.deepEqual(result.config.to, ['ops@example.com', 'Oncall <oncall@example.com>']);
    assert.equal(result.config.timeoutMs, 30_000);
    const relaxed = emailConfigFrom(withSmtp({ user: 'upwatch', pass: 'x', require_tls: false }), 'mail');
    assert.ok(relaxed.ok && relaxed.config.smtp.requireTls === false);
  });

  test('secure and port imply each other: 465 is TLS from the start; a port from ${VAR} may be text', () => {
    const secure = emailConfigFrom(withSmtp({ secure: true }), 'mail');
    assert.ok(secure.ok && secure.config.smtp.port === 465);
    const implicit = emailConfigFrom(withSmtp({ port: 465 }), 'mail');
    assert.ok(implicit.ok && implicit.config.smtp.secure === true);
    const text = emailConfigFrom(withSmtp({ port: ' 2525 ' }), 'mail');
    assert.ok(text.ok && text.config.smtp.port === 2525 && text.config.smtp.secure === false);
  });

  test('every problem is named by its key', () => {
    const input = {
      type: 'email',
      from: 'upwatch',
      to: ['ops@example.com, dev@example.com', ''],
      smtp: { host: 'smtp://smtp.example.com:25', port: 70_000, user: 'upwatch' },
      timeout: '0s',
    } as EmailConfigInput;
    assert.deepEqual(emailConfigFrom(input, 'mail'), {
      ok: false,
      errors: [
        { key: 'from', message: '"upwatch" is not an address such as ops@example.com or "Ops <ops@example.com>"' },
        { key: 'to', message: '"ops@example.com, dev@example.com" holds several addresses: write them as a list, such as [a@example.com, b@example.com]' },
        { key: 'to', message: 'has an empty address (an unset ${VAR} reads as empty)' },
        { key: 'smtp.host', message: 'must be a host name or an IP address, without a scheme, port or path (the port goes in smtp.port)' },
        { key: 'smtp.port', message: 'must be a port number from 1 to 65535, such as 587 or 465' },
        { key: 'smtp.pass', message: 'is required with smtp.user: set both, or neither for a relay without login' },
        { key: 'timeout', message: 'must be longer than 0 and at most 5m' },
      ],
    });
  });

  test('an empty list, an empty host, a secure flag that contradicts the port', () => {
    assert.deepEqual(emailConfigFrom(withSmtp({ host: ' ', port: 465, secure: false }, { to: [] }), 'mail'), {
      ok: false,
      errors: [
        { key: 'to', message: 'is empty: list at least one address, such as [ops@example.com]' },
        { key: 'smtp.host', message: 'is empty: set it to the SMTP server, such as smtp.example.com (an unset ${VAR} reads as empty)' },
        { key: 'smtp.secure', message: 'must be true on port 465, which speaks TLS from the first byte (or use port 587 with secure: false)' },
      ],
    });
    const wrong = emailConfigFrom(withSmtp({ port: 587, secure: true }), 'mail');
    assert.ok(!wrong.ok && wrong.errors[0]?.key === 'smtp.secure');
  });

  test('the password is never quoted back, even when the login around it is wrong', () => {
    const secret = 'correct-horse-battery-staple';
    const result = emailConfigFrom(withSmtp({ user: '', pass: secret }), 'mail');
    assert.deepEqual(result, { ok: false, errors: [{ key: 'smtp.user', message: 'is empty: set it to the SMTP login (an unset ${VAR} reads as empty)' }] });
    const passOnly = emailConfigFrom(withSmtp({ pass: secret }), 'mail');
    assert.deepEqual(passOnly, { ok: false, errors: [{ key: 'smtp.user', message: 'is required with smtp.pass: set both, or neither for a relay without login' }] });
    assert.deepEqual(emailConfigFrom(withSmtp({ user: 'u', pass: '' }), 'mail'), {
      ok: false,
      errors: [{ key: 'smtp.pass', message: 'is empty: set it to the SMTP password (an unset ${VAR} reads as empty)' }],
    });
    assert.doesNotMatch(JSON.stringify([result, passOnly]), new RegExp(secret));
  });

  test('ca_file is read when the config is loaded, so a wrong path is a config error', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'ca.pem'), pem);
    writeFileSync(join(dir, 'not-a-cert.txt'), 'hello');
    const ok = emailConfigFrom(withSmtp({ ca_file: join(dir, 'ca.pem') }), 'mail');
    assert.ok(ok.ok && ok.config.smtp.ca === pem);
    assert.deepEqual(emailConfigFrom(withSmtp({ ca_file: join(dir, 'missing.pem') }), 'mail'), {
      ok: false,
      errors: [{ key: 'smtp.ca_file', message: `cannot read ${join(dir, 'missing.pem')}: no such file (ENOENT)` }],
    });
    assert.deepEqual(emailConfigFrom(withSmtp({ ca_file: join(dir, 'not-a-cert.txt') }), 'mail'), {
      ok: false,
      errors: [{ key: 'smtp.ca_file', message: `${join(dir, 'not-a-cert.txt')} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)` }],
    });
    assert.deepEqual(emailConfigFrom(withSmtp({ ca_file: dir }), 'mail'), {
      ok: false,
      errors: [{ key: 'smtp.ca_file', message: `cannot read ${dir}: it is a directory, not a file (EISDIR)` }],
    });
  });

  test('the schema describes valid input and rejects unknown keys, at the top and inside smtp', () => {
    const full = withSmtp({ port: 587, secure: false, user: 'u', pass: 'p', require_tls: true, ca_file: '/etc/ca.pem' }, { timeout: '10s' });
    assert.ok(Value.Check(EmailConfigSchema, full));
    assert.ok(Value.Check(EmailConfigSchema, { ...base, to: 'ops@example.com' }));
    assert.equal(Value.Check(EmailConfigSchema, { ...base, cc: ['x@example.com'] }), false);
    assert.equal(Value.Check(EmailConfigSchema, withSmtp({ password: 'p' } as Partial<EmailConfigInput['smtp']>)), false);
    assert.equal(Value.Check(EmailConfigSchema, { ...base, smtp: undefined }), false);
    for (const key of Object.keys(EmailConfigSchema.properties)) {
      if (key !== 'type') assert.equal(typeof (EmailConfigSchema.properties as Record<string, { description?: unknown }>)[key]?.description, 'string', key);
    }
    for (const [key, schema] of Object.entries(EmailConfigSchema.properties.smtp.properties)) assert.equal(typeof schema.description, 'string', `smtp.${key}`);
  });
});
