import { STATUS_CODES } from 'node:http';
import { formatDuration } from '../../core/duration.js';
import { kindForStatus, type FailureKind } from '../../core/failure-kinds.js';
import { statusAccepted, type HttpExpectations } from './http-settings.js';
import { failedAssertion } from './assertions.js';
import { parseRetryAfter } from './retry-after.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** The final response of a check, its body cut at the read limit. */
export interface FinalResponse {
  status: number;
  headers: ResponseHeaders;
  body: string;
  bodyTruncated: boolean;
}

export type Judgement =
  | { ok: true; kind: null | 'degraded'; error: string | null }
  | { ok: false; kind: Exclude<FailureKind, 'degraded'>; error: string; retryAfterMs: number | null };

/**
 * Holds a response up to the monitor's expectations, in order: status, body text, response time.
 * @example judgeResponse(res, spec.expect, 2400, Date.now()) // { ok: true, kind: 'degraded', … }
 */
export function judgeResponse(res: FinalResponse, expect: HttpExpectations, totalMs: number, now: number): Judgement {
  if (!statusAccepted(res.status, expect.status)) {
    const kind = res.status >= 400 ? kindForStatus(res.status) : 'assertion';
    const expected = expect.status.length === 0 ? '2xx or 3xx' : expect.status.join(', ');
    return {
      ok: false,
      kind: kind === 'degraded' ? 'assertion' : kind,
      error: `got ${statusLine(res.status)}, expected ${expected}`,
      // 429 carries Retry-After for the same reason 503 does: come back later, not sooner.
      retryAfterMs: res.status === 503 || res.status === 429 ? parseRetryAfter(res.headers['retry-after'], now) : null,
    };
  }
  if (expect.bodyContains !== null && !res.body.includes(expect.bodyContains)) {
    const where = res.bodyTruncated ? `the first ${MAX_BODY_BYTES / 1024} KiB of the body` : 'the body';
    return { ok: false, kind: 'assertion', error: `${where} does not contain ${JSON.stringify(expect.bodyContains)}`, retryAfterMs: null };
  }
  const failed = failedAssertion(res, expect);
  if (failed !== null) return { ok: false, kind: 'assertion', error: failed, retryAfterMs: null };
  if (expect.maxResponseTimeMs !== null && totalMs > expect.maxResponseTimeMs) {
    return { ok: true, kind: 'degraded', error: `took ${formatElapsed(totalMs)}, more than max_response_time ${formatDuration(expect.maxResponseTimeMs)}` };
  }
  return { ok: true, kind: null, error: null };
}

/** How much of a body a check reads: enough for `body_contains` and an error's JSON, bounded for a 50 MB page. */
export const MAX_BODY_BYTES = 64 * 1024;

/** "HTTP 503 Service Unavailable". */
export function statusLine(status: number): string {
  const reason = STATUS_CODES[status];
  return reason === undefined ? `HTTP ${status}` : `HTTP ${status} ${reason}`;
}

/** 2400 → "2.4s", 850 → "850ms": precise enough to compare with a limit. */
function formatElapsed(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)}ms` : `${(ms / 1_000).toFixed(1).replace(/\.0$/, '')}s`;
}
