import type { FailureKind } from '../../core/failure-kinds.js';
import { errorCode } from '../http/classify-error.js';

export interface TcpErrorContext {
  /** Where the check was when it failed: looking the name up, or connecting. */
  phase: 'dns' | 'connect';
  /** host:port as the monitor names it. */
  authority: string;
  host: string;
}

export interface TcpFailure {
  kind: Exclude<FailureKind, 'degraded'>;
  error: string;
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA']);
const CONNECT_PROBLEMS: Record<string, string> = {
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EADDRNOTAVAIL: 'the address is not available from this machine',
  EACCES: 'the connection is not permitted here',
};

/**
 * Gives an error met by a tcp check its failure kind and error line, by error code (never by message).
 * @example classifyTcpError(Object.assign(new Error(), { code: 'ECONNREFUSED' }), ctx).error // 'connection refused by 127.0.0.1:5433'
 */
export function classifyTcpError(err: unknown, ctx: TcpErrorContext): TcpFailure {
  const code = errorCode(err);
  if (ctx.phase === 'dns') return lookupFailure(err, ctx.host);
  const seen = seenAddress(err, ctx.host);
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'connection_refused', error: `connection refused by ${ctx.authority}${seen}` };
    case 'ECONNRESET':
      return { kind: 'connection_reset', error: `connection reset by ${ctx.authority}${seen} while connecting` };
    case 'ETIMEDOUT':
      return { kind: 'timeout', error: `no answer from ${ctx.authority}${seen}: the connection attempt timed out (ETIMEDOUT)` };
  }
  return { kind: 'error', error: `could not connect to ${ctx.authority}${seen}: ${connectProblem(err)}` };
}

/**
 * A failed lookup of `host`: a DNS problem whatever getaddrinfo called it (EAI_AGAIN, EAI_FAIL …).
 * The tls kind names its lookups the same way.
 * @example lookupFailure(Object.assign(new Error(), { code: 'ENOTFOUND' }), 'db.internal').error // 'name not found: db.internal'
 */
export function lookupFailure(err: unknown, host: string): TcpFailure {
  const code = errorCode(err);
  if (code !== undefined && NOT_FOUND_CODES.has(code)) return { kind: 'dns', error: `name not found: ${host}` };
  if (code === 'EAI_AGAIN') return { kind: 'dns', error: `the resolver did not answer for ${host} (EAI_AGAIN)` };
  return { kind: 'dns', error: `could not resolve ${host}: ${code ?? messageOf(err)}` };
}

/**
 * Why a connection could not be made, in words where the code has some ("no route to the host
 * (EHOSTUNREACH)"), else the code or the message.
 * @example connectProblem(Object.assign(new Error(), { code: 'ENETUNREACH' })) // 'the network is unreachable (ENETUNREACH)'
 */
export function connectProblem(err: unknown): string {
  const code = errorCode(err);
  const problem = code === undefined ? undefined : CONNECT_PROBLEMS[code];
  return problem === undefined ? (code ?? messageOf(err)) : `${problem} (${code})`;
}

/** For a host name, the address that failed: which of a name's addresses is down matters. */
function seenAddress(err: unknown, host: string): string {
  const address = (err as { address?: unknown } | null)?.address;
  return typeof address === 'string' && address !== host ? ` (${address})` : '';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
