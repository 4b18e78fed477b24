import { promises as dns } from 'node:dns';
import type { CheckResult } from '../../core/check-result.js';
import { formatDuration } from '../../core/duration.js';
import type { MonitorSpec, MonitorTarget } from '../../core/monitor.js';
import { CheckDeadline, untilAborted } from '../http/check-deadline.js';
import type { Probe, ProbeRunOptions } from '../probe.js';
import { classifyDnsError, noAnswer, type DnsFailure, type DnsQueryContext } from './classify-dns-error.js';
import { queryRecords } from './dns-query.js';
import { serverAuthority, type DnsSettings } from './dns-settings.js';
import { joinWithin, missingValues } from './dns-values.js';

export interface DnsProbeDeps {
  /** The wall clock for the result's `at`; durations use the monotonic clock. */
  now?: () => number;
}

/** The most of the answers a mismatch line shows. */
const MAX_SHOWN_CHARS = 300;

/**
 * The DNS probe: one query to the monitor's resolver (or the system's), within the monitor's
 * timeout; the answers must include every `expect` value.
 * @example const result = await createDnsProbe().run(monitorSpec('dns', settings), {});
 */
export function createDnsProbe(deps: DnsProbeDeps = {}): Probe {
  const now = deps.now ?? Date.now;
  return {
    describe: (monitor) => describeDns(monitor.settings as DnsSettings),
    async run(spec: MonitorSpec, options: ProbeRunOptions): Promise<CheckResult> {
      const settings = spec.settings as DnsSettings;
      const at = now();
      const started = performance.now();
      // One try: a retry would be a second check inside this one, and the timeout is the check's.
      const resolver = new dns.Resolver({ timeout: spec.timeoutMs, tries: 1 });
      if (settings.resolver !== null) resolver.setServers([serverAuthority(settings.resolver)]);
      const ctx = queryContext(settings, resolver, spec.timeoutMs);
      const deadline = new CheckDeadline(spec.timeoutMs, options.signal);
      const finish = (failure: DnsFailure | null): CheckResult => {
        const ms = performance.now() - started;
        const facts = { at, timings: { dns: ms, connect: 0, tls: 0, ttfb: 0, total: ms }, status: null, requestId: '', traceId: '', responseRequestId: null };
        return failure === null ? { ...facts, ok: true, kind: null, error: null } : { ...facts, ok: false, ...failure, retryAfterMs: null };
      };

      try {
        const answers = await untilAborted(queryRecords(resolver, settings.query, settings.record), deadline.signal);
        const missing = missingValues(settings.record, settings.expect, answers);
        if (missing.length === 0) return finish(null);
        const error = `expected ${joinWithin(settings.expect, MAX_SHOWN_CHARS)}, got ${joinWithin(answers, MAX_SHOWN_CHARS)}`;
        return finish({ kind: 'dns_mismatch', error });
      } catch (err) {
        if (deadline.stoppedBy === 'cancelled') return finish({ kind: 'error', error: 'check cancelled' });
        if (deadline.stoppedBy === 'timeout') return finish({ kind: 'timeout', error: noAnswer(ctx) });
        return finish(classifyDnsError(err, ctx));
      } finally {
        // Drops the query if it is still out; its ECANCELLED goes nowhere, the check is decided.
        resolver.cancel();
        deadline.dispose();
      }
    },
  };
}

/**
 * What a dns monitor watches: the question and the server it is put to.
 * @example describeDns(settings).target // 'DNS A example.com via 127.0.0.1:53'
 */
export function describeDns(settings: DnsSettings): MonitorTarget {
  const server = settings.resolver === null ? null : serverAuthority(settings.resolver);
  const name = settings.query.replace(/\.$/, '');
  return {
    target: `DNS ${settings.record} ${settings.query} via ${server ?? 'system resolver'}`,
    url: `dns://${server ?? ''}/${name}?type=${settings.record}`,
    method: null,
  };
}

function queryContext(settings: DnsSettings, resolver: dns.Resolver, timeoutMs: number): DnsQueryContext {
  // Which system resolver answered matters at 3 a.m.: resolv.conf may not say what people think.
  const via = settings.resolver !== null ? serverAuthority(settings.resolver) : `the system resolver (${resolver.getServers().join(', ') || 'none configured'})`;
  return { question: `${settings.query} ${settings.record}`, query: settings.query, record: settings.record, via, budget: formatDuration(timeoutMs) };
}
