import type { FailureKind } from '../../core/failure-kinds.js';
import { errorCode } from '../http/classify-error.js';

export interface DnsQueryContext {
  /** "example.com A" */
  question: string;
  query: string;
  record: string;
  /** The server asked, as an error line names it: "127.0.0.1:53" or "the system resolver (…)". */
  via: string;
  /** The monitor's timeout, as text. */
  budget: string;
}

export interface DnsFailure {
  kind: Exclude<FailureKind, 'degraded'>;
  error: string;
}

/**
 * Gives a failed DNS query its failure kind and error line, by the resolver's error code.
 * @example classifyDnsError(Object.assign(new Error(), { code: 'ENOTFOUND' }), ctx).kind // 'dns_nxdomain'
 */
export function classifyDnsError(err: unknown, ctx: DnsQueryContext): DnsFailure {
  const code = errorCode(err);
  switch (code) {
    case 'ENOTFOUND':
      return { kind: 'dns_nxdomain', error: `${ctx.query} does not exist (NXDOMAIN from ${ctx.via})` };
    case 'ESERVFAIL':
      return { kind: 'dns_servfail', error: `${ctx.via} could not answer for ${ctx.question} (SERVFAIL)` };
    case 'ENODATA':
      return { kind: 'dns_mismatch', error: `${ctx.query} exists but has no ${ctx.record} records (asked ${ctx.via})` };
    case 'ETIMEOUT':
      return { kind: 'timeout', error: noAnswer(ctx) };
    case 'ECONNREFUSED':
      return { kind: 'connection_refused', error: `connection refused by the DNS server ${ctx.via}` };
    case 'EREFUSED':
      return { kind: 'error', error: `${ctx.via} refused to answer for ${ctx.question} (REFUSED)` };
  }
  return { kind: 'error', error: `the query for ${ctx.question} via ${ctx.via} failed: ${code ?? (err instanceof Error ? err.message : String(err))}` };
}

/**
 * The line for a query that got no answer in time, whether the resolver or the check's deadline
 * gave up first: both mean the same to the person reading it.
 * @example noAnswer(ctx) // 'no answer from 127.0.0.1:53 for example.com A within 500ms'
 */
export function noAnswer(ctx: DnsQueryContext): string {
  return `no answer from ${ctx.via} for ${ctx.question} within ${ctx.budget}`;
}
