import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyTcpError, type TcpErrorContext } from './classify-tcp-error.js';

const failure = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code} something`), { code, ...extra });
const connecting: TcpErrorContext = { phase: 'connect', authority: 'db.internal:5432', host: 'db.internal' };
const resolving: TcpErrorContext = { ...connecting, phase: 'dns' };

// Lookup failures need a resolver that says NXDOMAIN, which a test on localhost cannot reach
// through getaddrinfo; the mapping from codes is checked here instead.
describe('classifyTcpError', () => {
  test('lookup failures are dns, whatever getaddrinfo calls them', () => {
    assert.deepEqual(classifyTcpError(failure('ENOTFOUND'), resolving), { kind: 'dns', error: 'name not found: db.internal' });
    assert.deepEqual(classifyTcpError(failure('EAI_AGAIN'), resolving), { kind: 'dns', error: 'the resolver did not answer for db.internal (EAI_AGAIN)' });
    assert.deepEqual(classifyTcpError(failure('EAI_FAIL'), resolving), { kind: 'dns', error: 'could not resolve db.internal: EAI_FAIL' });
  });

  test('connect failures name host:port and the address that failed', () => {
    assert.deepEqual(classifyTcpError(failure('ECONNREFUSED', { address: '10.0.0.5' }), connecting), {
      kind: 'connection_refused',
      error: 'connection refused by db.internal:5432 (10.0.0.5)',
    });
    assert.equal(classifyTcpError(failure('ECONNRESET'), connecting).kind, 'connection_reset');
    assert.equal(classifyTcpError(failure('ETIMEDOUT'), connecting).kind, 'timeout');
  });

  test('other errors are kind error with their code', () => {
    assert.deepEqual(classifyTcpError(failure('EHOSTUNREACH'), connecting), { kind: 'error', error: 'could not connect to db.internal:5432: no route to the host (EHOSTUNREACH)' });
    assert.deepEqual(classifyTcpError(failure('EPROTO'), connecting), { kind: 'error', error: 'could not connect to db.internal:5432: EPROTO' });
  });
});
