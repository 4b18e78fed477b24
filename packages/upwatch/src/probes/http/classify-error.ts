import type { FailureKind } from '../../core/failure-kinds.js';
import { PHASE_TEXT, type CheckPhase } from './check-deadline.js';
import { TlsVerificationError } from './tls-verification-error.js';

export interface ErrorContext {
  phase: CheckPhase;
  /** host:port as the monitor names it. */
  authority: string;
  hostname: string;
  /** The proxy the check goes through, if any: failures while reaching it are named after it. */
  proxy?: { authority: string; hostname: string } | null;
}

export interface ClassifiedError {
  kind: Exclude<FailureKind, 'degraded'>;
  error: string;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNTRUSTED_CHAIN: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'cannot verify the certificate; is an intermediate missing?',
  UNABLE_TO_GET_ISSUER_CERT: 'issuer certificate not found; is an intermediate missing?',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer not trusted here; is an intermediate missing?',
};

// Errors of our own whose message is already the line to show (and holds no secret).
const OWN_LINE_CODES: Record<string, ClassifiedError['kind']> = {
  UPWATCH_PROXY_REFUSED: 'error',
  UPWATCH_PROXY_PROTOCOL: 'error',
  UPWATCH_NO_ADDRESS_OF_FAMILY: 'dns',
  UPWATCH_TLS_CLIENT_FILE: 'error',
  UPWATCH_TLS_CLIENT_CONTEXT: 'error',
};

const REQUEST_REJECTED_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN']);

/**
 * Gives an error met during a check exactly one failure kind and an error line. Branches on error
 * codes (Node's, OpenSSL's, undici's), never on messages; the message only goes into the line.
 * @example classifyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), ctx).kind // 'connection_refused'
 */
export function classifyError(err: unknown, target: ErrorContext): ClassifiedError {
  const code = errorCode(err);
  if (err instanceof TlsVerificationError) return { kind: 'tls', error: certificateLine(err, target.hostname) };
  const own = code === undefined ? undefined : OWN_LINE_CODES[code];
  if (own !== undefined) return { kind: own, error: err instanceof Error ? err.message : String(err) };
  const ctx = peerOf(target);
  if (code === 'ECONNREFUSED') return { kind: 'connection_refused', error: `connection refused by ${ctx.authority}` };
  // The request could not be built (a header undici forbids, a value that is not Latin-1): a
  // problem of the monitor's settings, whatever phase it surfaced in.
  if (code !== undefined && REQUEST_REJECTED_CODES.has(code)) {
    return { kind: 'error', error: `the request could not be sent as configured (check the monitor's method, headers and body): ${describe(err)}` };
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return { kind: 'error', error: 'the response headers are too large (over 16 KiB)' };
  if (ctx.phase === 'dns') {
    if (code !== undefined && NOT_FOUND_CODES.has(code)) return { kind: 'dns', error: `name not found: ${ctx.hostname}` };
    return { kind: 'dns', error: `resolver failure: ${code ?? describe(err)} for ${ctx.hostname}` };
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const to = ctx === target ? '' : ` to ${ctx.authority}`;
    return { kind: 'timeout', error: `timed out ${PHASE_TEXT[ctx.phase]}${to} (${code})` };
  }
  // Anything that breaks the handshake is a TLS problem, even a reset: servers drop TLS clients
  // they will not talk to (unknown SNI, no shared cipher).
  if (ctx.phase === 'tls') return { kind: 'tls', error: `TLS handshake failed: ${describe(err)}` };
  if (code !== undefined && RESET_CODES.has(code)) {
    const by = ctx === target ? 'the server' : ctx.authority;
    return { kind: 'connection_reset', error: `connection ${code === 'ECONNRESET' ? 'reset' : 'closed'} by ${by} while ${PHASE_TEXT[ctx.phase]} (${code})` };
  }
  return { kind: 'error', error: describe(err) };
}

/**
 * Who the failing phase was talking to: while resolving and connecting through a proxy, that is
 * the proxy (the CONNECT exchange included); from the TLS handshake on, the target.
 */
function peerOf(ctx: ErrorContext): ErrorContext {
  if (!ctx.proxy || (ctx.phase !== 'dns' && ctx.phase !== 'connect')) return ctx;
  return { phase: ctx.phase, authority: `proxy ${ctx.proxy.authority}`, hostname: `${ctx.proxy.hostname} (the proxy)` };
}

function certificateLine(err: TlsVerificationError, hostname: string): string {
  switch (err.code) {
    case 'CERT_HAS_EXPIRED':
      return `certificate expired on ${isoDate(err.validTo)}`;
    case 'CERT_NOT_YET_VALID':
      return `certificate not valid before ${isoDate(err.validFrom)}`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `hostname mismatch: the certificate covers ${err.subjectAltName ?? 'other names'}, not ${hostname}`;
  }
  const chain = UNTRUSTED_CHAIN[err.code];
  if (chain !== undefined) return `untrusted certificate chain (${chain}; ${err.code})`;
  return `certificate rejected (${err.code})`;
}

function isoDate(text: string | null): string {
  const at = text === null ? Number.NaN : Date.parse(text);
  return Number.isNaN(at) ? 'an unknown date' : `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The first `code` found on the error, its cause chain, or the first of an AggregateError. */
export function errorCode(err: unknown): string | undefined {
  for (let current = err, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') return code;
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

function describe(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code === undefined ? message : `${code}: ${message}`;
}
