import type { CheckResult, Timings } from '../../core/check-result.js';
import type { MonitorSpec, MonitorTarget } from '../../core/monitor.js';
import type { Probe, ProbeRunOptions } from '../probe.js';
import { CheckDeadline } from './check-deadline.js';
import { classifyError } from './classify-error.js';
import { judgeResponse, statusLine, type FinalResponse, type Judgement } from './judge-response.js';
import { requestHop, type HopRequest, type PhaseTotals } from './request-hop.js';
import { bareHostname } from './resolve-host.js';
import { responseRequestId } from './response-request-id.js';
import { httpSettingsOf, statusAccepted, type HttpSettings } from './http-settings.js';
import type { ProbeTlsOptions } from './timed-connector.js';
import { newTraceIds, requestHeaders } from './trace-headers.js';

export { MAX_BODY_BYTES } from './judge-response.js';
export type { ProbeTlsOptions } from './timed-connector.js';

export interface HttpProbeDeps {
  /** The wall clock for the result's `at` and Retry-After dates; durations use the monotonic clock. */
  now?: () => number;
  /** Not public yet (the YAML `tls:` block comes later): lets tests trust their own CA. */
  tls?: ProbeTlsOptions;
}

/** Redirects followed before the chain counts as a loop. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Sent to the monitored origin only; a redirect elsewhere must not carry them along.
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The HTTP(S) probe: one request per check on a fresh connection, timed phase by phase, following
 * up to MAX_REDIRECTS redirects, all within the monitor's timeout; every outcome is a CheckResult.
 * @example const result = await createHttpProbe().run(spec, {});
 */
export function createHttpProbe(deps: HttpProbeDeps = {}): Probe {
  const now = deps.now ?? Date.now;
  const tlsOptions = deps.tls ?? {};
  return {
    describe: (monitor) => describeHttp(httpSettingsOf(monitor.settings)),
    async run(spec: MonitorSpec, options: ProbeRunOptions): Promise<CheckResult> {
      const monitor = httpSettingsOf(spec.settings);
      const at = now();
      const started = performance.now();
      const ids = newTraceIds();
      const totals: PhaseTotals = { dns: 0, connect: 0, tls: 0, ttfb: 0 };
      const deadline = new CheckDeadline(spec.timeoutMs, options.signal);
      let status: number | null = null;
      let serverRequestId: string | null = null;
      const finish = (judgement: Judgement): CheckResult => {
        const timings: Timings = { ...totals, total: performance.now() - started };
        const facts = { at, timings, status, requestId: ids.requestId, traceId: ids.traceId, responseRequestId: serverRequestId };
        return judgement.ok
          ? { ...facts, ok: true, kind: judgement.kind, error: judgement.error }
          : { ...facts, ok: false, kind: judgement.kind, error: judgement.error, retryAfterMs: judgement.retryAfterMs };
      };

      const url = URL.canParse(monitor.url) ? new URL(monitor.url) : null;
      if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        deadline.dispose();
        return finish({ ok: false, kind: 'error', error: `not an http(s) URL: ${monitor.url}`, retryAfterMs: null });
      }
      let req: HopRequest = {
        url,
        method: monitor.method,
        headers: requestHeaders(monitor.headers, ids),
        body: monitor.body,
      };
      const chain = [req.url];
      try {
        for (;;) {
          // What the previous hop answered says nothing about this one's failure.
          status = null;
          serverRequestId = null;
          let res: FinalResponse;
          try {
            res = await requestHop(req, deadline, tlsOptions, totals, (hopStatus, headers) => {
              status = hopStatus;
              serverRequestId = responseRequestId(headers, '');
            });
          } catch (err) {
            if (deadline.stoppedBy !== null) {
              const kind = deadline.stoppedBy === 'timeout' ? 'timeout' : 'error';
              return finish({ ok: false, kind, error: deadline.describeStop(), retryAfterMs: null });
            }
            const ctx = { phase: deadline.phase, authority: req.url.host, hostname: bareHostname(req.url) };
            return finish({ ok: false, ...classifyError(err, ctx), retryAfterMs: null });
          }
          serverRequestId = responseRequestId(res.headers, res.body);

          const next = redirectTarget(res, req, monitor);
          if (next === null) return finish(judgeResponse(res, monitor.expect, performance.now() - started, now()));
          if (chain.length > MAX_REDIRECTS) {
            const error = `more than ${MAX_REDIRECTS} redirects (${statusLine(res.status)}): ${[...chain, next.url].map(shownUrl).join(' → ')}`;
            return finish({ ok: false, kind: 'redirect_loop', error, retryAfterMs: null });
          }
          chain.push(next.url);
          req = next;
        }
      } finally {
        deadline.dispose();
      }
    },
  };
}

/** What an http monitor watches: its method and URL. */
export function describeHttp(settings: HttpSettings): MonitorTarget {
  return { target: `${settings.method} ${settings.url}`, url: settings.url, method: settings.method };
}

/** The request a redirect asks for, or null when the response is the final one. */
function redirectTarget(res: FinalResponse, req: HopRequest, monitor: HttpSettings): HopRequest | null {
  const raw = res.headers['location'];
  const location = Array.isArray(raw) ? raw[0] : raw;
  if (!REDIRECT_STATUSES.has(res.status) || location === undefined) return null;
  // A monitor that lists the redirect status itself is checking the redirect, not where it leads.
  if (monitor.expect.status.length > 0 && statusAccepted(res.status, monitor.expect.status)) return null;
  let url: URL;
  try {
    url = new URL(location, req.url);
  } catch {
    return null; // an unreadable Location: judge the redirect response as it is
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // 303 always, and 301/302 after a POST, turn into a GET without body, as browsers do.
  const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && req.method.toUpperCase() === 'POST');
  const headers = url.origin === req.url.origin ? req.headers : withoutCredentials(req.headers);
  return toGet ? { url, method: 'GET', headers, body: null } : { url, method: req.method, headers, body: req.body };
}

/** A URL as an error line may show it: query and user info can hold secrets, so they are left out. */
function shownUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
}
