import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionFailure, refusedAfterHandshake } from './connection-failure.js';

const failure = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`some ${code}`), { code, ...extra });

// The resolver and network failures a loopback test cannot produce.
test('a failed lookup is dns, whatever getaddrinfo called it', () => {
  assert.deepEqual(connectionFailure(failure('ENOTFOUND'), 'dns', 'nope.example:443', 'nope.example'), { kind: 'dns', error: 'name not found: nope.example' });
  assert.deepEqual(connectionFailure(failure('EAI_AGAIN'), 'dns', 'nope.example:443', 'nope.example'), {
    kind: 'dns',
    error: 'the resolver did not answer for nope.example (EAI_AGAIN)',
  });
  assert.equal(connectionFailure(failure('EAI_FAIL'), 'dns', 'x:443', 'x').kind, 'dns');
});

test('network failures keep the tcp kind names', () => {
  assert.equal(connectionFailure(failure('ETIMEDOUT'), 'connect', 'a:443', 'a').kind, 'timeout');
  assert.deepEqual(connectionFailure(failure('EHOSTUNREACH'), 'connect', 'a:443', 'a'), { kind: 'error', error: 'could not connect to a:443: no route to the host (EHOSTUNREACH)' });
  assert.equal(connectionFailure(failure('ECONNRESET', { syscall: 'read' }), 'tls', 'a:443', 'a').kind, 'connection_reset');
  // Node's own "disconnected before secure TLS connection": the server closed, no reset was seen.
  assert.equal(connectionFailure(failure('ECONNRESET'), 'tls', 'a:443', 'a').kind, 'tls');
});

test('a refusal after the handshake names the client certificate', () => {
  assert.equal(
    refusedAfterHandshake(failure('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), false),
    'the server requires a client certificate: set tls.cert_file and tls.key_file (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED)',
  );
  assert.equal(
    refusedAfterHandshake(null, false),
    'the server closed the connection right after the TLS handshake: it may require a client certificate (tls.cert_file and tls.key_file)',
  );
});
