import type { CheckResult } from '../core/check-result.js';
import type { MonitorSpec } from '../core/monitor.js';
import { ZERO_TIMINGS } from '../core/check-result.js';
import { heartbeatKind } from './heartbeat/heartbeat-kind.js';
import { dnsKind } from './dns/dns-kind.js';
import { httpKind } from './http/http-kind.js';
import { tcpKind } from './tcp/tcp-kind.js';
import type { Probe } from './probe.js';
import type { ProbeDeps, ProbeKind } from './probe-kind.js';
import { tlsKind } from './tls/tls-kind.js';

/**
 * Every kind of monitor upwatch knows, by its `type:`. Adding a kind is a folder under probes/
 * and one line here.
 */
export const PROBE_KINDS: ReadonlyMap<string, ProbeKind> = new Map(
  ([httpKind, heartbeatKind, tlsKind, tcpKind, dnsKind] as ProbeKind<any>[]).map((kind) => [kind.type, kind]),
);

export const DEFAULT_KIND = 'http';

/**
 * One probe for every kind: it hands each monitor to its kind's probe.
 * @example const probe = createProbes({ now: () => clock.now() }); await probe.run(spec, {});
 */
export function createProbes(deps: ProbeDeps = {}): Probe {
  const probes = new Map([...PROBE_KINDS].map(([type, kind]) => [type, kind.createProbe(deps)]));
  const now = deps.now ?? Date.now;
  return {
    run(monitor, options) {
      const probe = probes.get(monitor.type);
      return probe ? probe.run(monitor, options) : Promise.resolve(unknownKind(monitor, now()));
    },
    describe(monitor) {
      const probe = probes.get(monitor.type);
      return probe ? probe.describe(monitor) : { target: `${monitor.type} ${monitor.name}`, url: '', method: null };
    },
  };
}

/** A spec of a kind this build does not know (stored by a newer version): a failed check that says so. */
function unknownKind(monitor: MonitorSpec, at: number): CheckResult {
  return {
    ok: false,
    kind: 'error',
    at,
    timings: ZERO_TIMINGS,
    status: null,
    requestId: '',
    traceId: '',
    responseRequestId: null,
    error: `this version of upwatch has no "${monitor.type}" monitors`,
    retryAfterMs: null,
  };
}
