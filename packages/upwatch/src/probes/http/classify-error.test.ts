import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyError, type ErrorContext } from './classify-error.js';
import { TlsVerificationError } from './tls-verification-error.js';

// Errors as Node, OpenSSL and undici raise them: what matters is the code. The paths that real
// servers can produce are covered end to end in http-probe*.test.ts; these are the ones they cannot
// (a resolver failing, a certificate not yet valid).
const ctx = (phase: ErrorContext['phase']): ErrorContext => ({ phase, authority: 'example.test:8443', hostname: 'example.test' });
const coded = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

test('resolver failures are dns failures with the resolver code', () => {
  assert.deepEqual(classifyError(coded('EAI_AGAIN'), ctx('dns')), { kind: 'dns', error: 'resolver failure: EAI_AGAIN for example.test' });
  assert.deepEqual(classifyError(coded('ENODATA'), ctx('dns')), { kind: 'dns', error: 'name not found: example.test' });
});

test('codes are found on the cause chain and in aggregate errors', () => {
  const wrapped = new Error('fetch failed', { cause: coded('ECONNREFUSED') });
  assert.equal(classifyError(wrapped, ctx('connect')).kind, 'connection_refused');
  const aggregate = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'all failed');
  assert.equal(classifyError(aggregate, ctx('connect')).kind, 'connection_refused');
});

test('certificate problems get their own lines', () => {
  const notYet = new TlsVerificationError('CERT_NOT_YET_VALID', { valid_from: 'Jan  1 00:00:00 2031 GMT' });
  assert.deepEqual(classifyError(notYet, ctx('tls')), { kind: 'tls', error: 'certificate not valid before 2031-01-01 00:00:00 UTC' });
  const chain = new TlsVerificationError('SELF_SIGNED_CERT_IN_CHAIN', null);
  assert.equal(classifyError(chain, ctx('tls')).error, 'untrusted certificate chain (self-signed certificate in the chain; SELF_SIGNED_CERT_IN_CHAIN)');
  assert.equal(classifyError(new TlsVerificationError('CERT_REVOKED', null), ctx('tls')).error, 'certificate rejected (CERT_REVOKED)');
});

test('a reset during the handshake is a tls failure, after it a connection reset', () => {
  assert.equal(classifyError(coded('ECONNRESET'), ctx('tls')).kind, 'tls');
  assert.equal(classifyError(coded('ECONNRESET'), ctx('body')).kind, 'connection_reset');
  assert.equal(classifyError(coded('UND_ERR_SOCKET'), ctx('ttfb')).kind, 'connection_reset');
});

test('the message never decides, and unknown errors are kind error', () => {
  assert.deepEqual(classifyError(new Error('ECONNREFUSED'), ctx('connect')), { kind: 'error', error: 'ECONNREFUSED' });
  assert.deepEqual(classifyError(coded('EHOSTUNREACH', 'no route'), ctx('connect')), { kind: 'error', error: 'EHOSTUNREACH: no route' });
  assert.equal(classifyError(coded('ETIMEDOUT'), ctx('connect')).kind, 'timeout');
});
