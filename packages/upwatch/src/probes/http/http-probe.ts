import type * as tls from 'node:tls';
import type { CertificateFacts, CheckResult, Timings } from '../../core/check-result.js';
import type { MonitorSpec, MonitorTarget } from '../../core/monitor.js';
import { certificateFacts } from '../certificate/certificate-facts.js';
import type { Probe, ProbeRunOptions } from '../probe.js';
import { CheckDeadline } from './check-deadline.js';
import { checkTlsOptions } from './check-tls-options.js';
import { classifyError } from './classify-error.js';
import { authorizationOf } from './credentials.js';
import { httpSettingsOf, type HttpSettings } from './http-settings.js';
import { judgeResponse, type FinalResponse, type Judgement } from './judge-response.js';
import { readProxyUrl, type ProxyEndpoint } from './proxy-endpoint.js';
import { redirectRefused, redirectTarget } from './redirect-target.js';
import { requestHop, type HopRequest, type HopRoute, type PhaseTotals } from './request-hop.js';
import { bareHostname } from './resolve-host.js';
import { responseRequestId } from './response-request-id.js';
import type { ProbeTlsOptions } from './timed-connector.js';
import { newTraceIds, requestHeaders } from './trace-headers.js';

export { MAX_BODY_BYTES } from './judge-response.js';
export type { ProbeTlsOptions } from './timed-connector.js';

export interface HttpProbeDeps {
  /** The wall clock for the result's `at` and Retry-After dates; durations use the monotonic clock. */
  now?: () => number;
  /** Trust the probe adds under every monitor's `tls:` block: lets tests trust their own CA. */
  tls?: ProbeTlsOptions;
}

/** Redirects followed by a monitor that does not set max_redirects. */
export { DEFAULT_MAX_REDIRECTS as MAX_REDIRECTS } from './http-settings.js';

/**
 * The HTTP(S) probe: one request per check on a fresh connection, timed phase by phase, following
 * up to the monitor's max_redirects redirects, all within the monitor's timeout, directly or
 * through its proxy; every outcome is a CheckResult.
 * @example const result = await createHttpProbe().run(spec, {});
 */
export function createHttpProbe(deps: HttpProbeDeps = {}): Probe {
  const now = deps.now ?? Date.now;
  const baseTls = deps.tls ?? {};
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
      // Only once a handshake happened: its absence says the check never got that far.
      let certificate: { facts: CertificateFacts | null } | null = null;
      const finish = (judgement: Judgement): CheckResult => {
        const timings: Timings = { ...totals, total: performance.now() - started };
        const facts = {
          at,
          timings,
          status,
          requestId: ids.requestId,
          traceId: ids.traceId,
          responseRequestId: serverRequestId,
          ...(certificate === null ? {} : { certificate: certificate.facts }),
        };
        return judgement.ok
          ? { ...facts, ok: true, kind: judgement.kind, error: judgement.error }
          : { ...facts, ok: false, kind: judgement.kind, error: judgement.error, retryAfterMs: judgement.retryAfterMs };
      };
      const setupFailure = (error: string): CheckResult => {
        deadline.dispose();
        return finish({ ok: false, kind: 'error', error, retryAfterMs: null });
      };

      const url = URL.canParse(monitor.url) ? new URL(monitor.url) : null;
      if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return setupFailure(`not an http(s) URL: ${monitor.url}`);
      const proxy = proxyOf(monitor);
      if (typeof proxy === 'string') return setupFailure(proxy);
      let tlsOptions: ProbeTlsOptions;
      try {
        tlsOptions = checkTlsOptions(baseTls, monitor.tls);
      } catch (err) {
        // A file named in `tls:` went missing since the config was read; the message names the field and path.
        return setupFailure(err instanceof Error ? err.message : String(err));
      }
      const route: HopRoute = { proxy, ipFamily: monitor.ipFamily };
      const warnDays = monitor.certificate?.warnDays;
      const readCertificate = (socket: tls.TLSSocket): void => {
        if (warnDays !== undefined) certificate = { facts: certificateFacts(socket, now(), warnDays) };
      };

      let req: HopRequest = {
        url,
        method: monitor.method,
        headers: withAuthorization(requestHeaders(monitor.headers, ids, monitor.userAgent), monitor),
        body: monitor.body,
        tls: tlsOptions,
      };
      const chain = [req.url];
      try {
        for (;;) {
          // What the previous hop answered says nothing about this one's failure.
          status = null;
          serverRequestId = null;
          let res: FinalResponse;
          try {
            res = await requestHop(req, route, deadline, totals, {
              // The certificate reported is the monitored URL's, not one a redirect leads to.
              onHandshake: chain.length === 1 ? readCertificate : null,
              onHeaders: (hopStatus, headers) => {
                status = hopStatus;
                serverRequestId = responseRequestId(headers, '');
              },
            });
          } catch (err) {
            if (deadline.stoppedBy !== null) {
              const kind = deadline.stoppedBy === 'timeout' ? 'timeout' : 'error';
              return finish({ ok: false, kind, error: deadline.describeStop(proxy?.authority ?? null), retryAfterMs: null });
            }
            const ctx = { phase: deadline.phase, authority: req.url.host, hostname: bareHostname(req.url), proxy };
            return finish({ ok: false, ...classifyError(err, ctx), retryAfterMs: null });
          }
          serverRequestId = responseRequestId(res.headers, res.body);

          const next = redirectTarget(res, req, monitor);
          if (next === null) return finish(judgeResponse(res, monitor.expect, performance.now() - started, now()));
          const refused = redirectRefused(res, chain, next.url, monitor.maxRedirects);
          if (refused !== null) return finish(refused);
          chain.push(next.url);
          req = next;
        }
      } finally {
        deadline.dispose();
      }
    },
  };
}

/**
 * What an http monitor watches: its method and URL, without any user:pass@ the URL holds.
 * @example describeHttp(settings).target // 'GET https://example.com/health'
 */
export function describeHttp(settings: HttpSettings): MonitorTarget {
  const url = withoutUserInfo(settings.url);
  return { target: `${settings.method} ${url}`, url, method: settings.method };
}

function withoutUserInfo(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  if (url.username === '' && url.password === '') return text;
  return `${url.protocol}//${url.host}${url.pathname}${url.search}${url.hash}`;
}

/** The monitor's proxy, null for none, or the problem with a stored value as an error line. */
function proxyOf(monitor: HttpSettings): ProxyEndpoint | null | string {
  if (monitor.proxy === null) return null;
  const reading = readProxyUrl(monitor.proxy);
  return reading.ok ? reading.proxy : `proxy ${reading.problem}`;
}

/** basic_auth or bearer_token as an Authorization header, which redirects elsewhere leave behind. */
function withAuthorization(headers: Record<string, string>, monitor: HttpSettings): Record<string, string> {
  const authorization = authorizationOf(monitor);
  return authorization === null ? headers : { ...headers, authorization };
}

