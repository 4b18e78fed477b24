import type { FailureKind } from '../../core/failure-kinds.js';
import { PHASE_TEXT, type CheckPhase } from '../http/check-deadline.js';
import { errorCode } from '../http/classify-error.js';
import { connectProblem, lookupFailure } from '../tcp/classify-tcp-error.js';
import { TlsClientContextError } from './tls-connection.js';

export interface ConnectionFailure {
  kind: Exclude<FailureKind, 'degraded'>;
  error: string;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
// A plain-text (or other) service answering on the port: OpenSSL reads its first bytes as a record.
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LAYER_FAILURE']);

/**
 * Gives an error met before the certificate could be read exactly one failure kind and a line,
 * named as the tcp kind names them. Branches on error codes, never on messages.
 * @example connectionFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'connect', 'db.internal:443', 'db.internal').kind // 'connection_refused'
 */
export function connectionFailure(err: unknown, phase: CheckPhase, authority: string, host: string): ConnectionFailure {
  if (err instanceof TlsClientContextError) return { kind: 'error', error: err.message };
  const code = errorCode(err);
  if (code === 'ECONNREFUSED') return { kind: 'connection_refused', error: `connection refused by ${authority}` };
  if (phase === 'dns') return lookupFailure(err, host);
  if (code === 'ETIMEDOUT') return { kind: 'timeout', error: `no answer from ${authority} while ${PHASE_TEXT[phase]}: timed out (ETIMEDOUT)` };
  // Node gives a peer that closes mid-handshake ECONNRESET too, but without a syscall: no reset
  // was seen, the server just would not go on (a client certificate it wants, a name it lacks).
  if (phase === 'tls' && code === 'ECONNRESET' && (err as { syscall?: unknown }).syscall === undefined) {
    return {
      kind: 'tls',
      error: `${authority} closed the connection during the TLS handshake: it refused this client (a client certificate it requires or does not accept, a name it does not serve, or no TLS version in common)`,
    };
  }
  if (code !== undefined && RESET_CODES.has(code)) {
    return { kind: 'connection_reset', error: `connection ${code === 'ECONNRESET' ? 'reset' : 'closed'} by ${authority} while ${PHASE_TEXT[phase]} (${code})` };
  }
  if (phase === 'tls') {
    if (code !== undefined && NOT_TLS_CODES.has(code)) return { kind: 'tls', error: `${authority} does not answer in TLS (${code}); is it the right port?` };
    return { kind: 'tls', error: `TLS handshake failed: ${describe(err)}` };
  }
  return { kind: 'error', error: `could not connect to ${authority}: ${connectProblem(err)}` };
}

/**
 * The server refused the client after the handshake (TLS 1.3 tells only then): almost always
 * about the client certificate, missing or not accepted.
 * @example refusedAfterHandshake(err, true) // 'the server closed the connection right after the TLS handshake …'
 */
export function refusedAfterHandshake(err: unknown, presentedCertificate: boolean): string {
  const code = err === null ? undefined : errorCode(err);
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') return `the server requires a client certificate: set tls.cert_file and tls.key_file (${code})`;
  const why = presentedCertificate
    ? 'it may not accept the client certificate in tls.cert_file'
    : 'it may require a client certificate (tls.cert_file and tls.key_file)';
  return `the server ${err === null ? 'closed the connection' : `ended the connection (${code ?? describe(err)})`} right after the TLS handshake: ${why}`;
}

/** "CODE (reason)" for OpenSSL errors, whose messages are long; "CODE: message" otherwise. */
function describe(err: unknown): string {
  const code = errorCode(err);
  const { reason, message } = err as { reason?: unknown; message?: unknown };
  if (code !== undefined && typeof reason === 'string') return `${code} (${reason})`;
  const text = typeof message === 'string' ? message : String(err);
  return code === undefined ? text : `${code}: ${text}`;
}
