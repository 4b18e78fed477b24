import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { smtpSendResult, type SmtpFailureContext } from './smtp-send-result.js';

// The cases a local server cannot easily stage; email-notifier.test.ts covers the common ones
// against a real server. The errors are shaped as nodemailer's (code, responseCode, response, command).
const PASS = 'Tr0ub4dor&3';
const plain = Buffer.from(`\0ops\0${PASS}`).toString('base64');
const ctx: SmtpFailureContext = { timedOut: false, timeoutMs: 10_000, cancelled: false, secrets: [PASS, Buffer.from(PASS).toString('base64'), plain] };
const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'failed')), fields);

describe('SMTP failures as send results', () => {
  test('a temporary login failure (454) is retried; a login refused without a code is not', () => {
    const temporary = smtpSendResult(smtpError({ code: 'EAUTH', responseCode: 454, response: '454 4.7.0 Temporary authentication failure', command: 'AUTH PLAIN' }), ctx);
    assert.deepEqual(temporary, { ok: false, retryable: true, httpStatus: null, error: 'login refused: SMTP 454 after AUTH PLAIN: 4.7.0 Temporary authentication failure' });
    const noMethod = smtpSendResult(smtpError({ code: 'EAUTH', message: 'Unknown authentication method "NTLM"', command: 'API' }), ctx);
    assert.deepEqual(noMethod, { ok: false, retryable: false, httpStatus: null, error: 'login failed: Unknown authentication method "NTLM"' });
  });

  test('the command is named without its arguments, and the password is redacted in every form the wire carries', () => {
    const result = smtpSendResult(
      smtpError({ code: 'EAUTH', responseCode: 535, response: `535-5.7.8 rejected AUTH PLAIN ${plain}\r\n535 5.7.8 (was ${PASS})`, command: `AUTH PLAIN ${plain}` }),
      ctx,
    );
    assert.ok(!result.ok);
    assert.equal(result.error, 'login refused: SMTP 535 after AUTH PLAIN: 5.7.8 rejected AUTH PLAIN [redacted] 5.7.8 (was [redacted])');
    assert.ok(!result.error.includes(PASS) && !result.error.includes(plain));
  });

  test('a dropped connection or a garbled reply is retried, named by the socket error underneath', () => {
    const reset = smtpSendResult(smtpError({ code: 'ESOCKET', originalCode: 'ECONNRESET', message: 'read ECONNRESET', command: 'CONN' }), ctx);
    assert.deepEqual(reset, { ok: false, retryable: true, httpStatus: null, error: 'ECONNRESET: read ECONNRESET' });
    const dns = smtpSendResult(smtpError({ code: 'EDNS', originalCode: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND smtp.example.invalid' }), ctx);
    assert.ok(!dns.ok && dns.retryable && dns.error.startsWith('ENOTFOUND: '));
    assert.ok(smtpSendResult('something odd', ctx).ok === false);
  });

  test('our own deadline and a shutdown are retried, whatever nodemailer called them', () => {
    const aborted = smtpError({ code: 'EABORT', name: 'AbortError', command: 'DATA' });
    assert.deepEqual(smtpSendResult(aborted, { ...ctx, timedOut: true }), { ok: false, retryable: true, httpStatus: null, error: 'no answer from the SMTP server within 10s (at DATA)' });
    const stopping = smtpSendResult(aborted, { ...ctx, cancelled: true });
    assert.ok(!stopping.ok && stopping.retryable && /upwatch is stopping/.test(stopping.error));
  });

  test('a rejected address without a reply code, or a message nodemailer would not build, is not retried', () => {
    const envelope = smtpSendResult(smtpError({ code: 'EENVELOPE', message: 'No recipients defined', command: 'API' }), ctx);
    assert.deepEqual(envelope, { ok: false, retryable: false, httpStatus: null, error: 'EENVELOPE: No recipients defined' });
  });

  test('a very long reply is cut', () => {
    const result = smtpSendResult(smtpError({ responseCode: 550, response: `550 ${'x'.repeat(2_000)}`, command: 'RCPT TO:<ops@example.com>' }), ctx);
    assert.ok(!result.ok && result.error.length === 500 && result.error.startsWith('SMTP 550 after RCPT TO: xxx') && result.error.endsWith('…'));
  });
});
