import type { CheckResult, Timings } from '../../core/check-result.js';
import { formatDuration } from '../../core/duration.js';
import type { MonitorSpec, MonitorTarget } from '../../core/monitor.js';
import { CheckDeadline, PHASE_TEXT } from '../http/check-deadline.js';
import { literalAddress, lookupHost } from '../http/resolve-host.js';
import { timed } from '../http/timed.js';
import type { Probe, ProbeRunOptions } from '../probe.js';
import { classifyTcpError, type TcpFailure } from './classify-tcp-error.js';
import { connectAny, hangUp } from './connect-any.js';
import { hostPort, type TcpSettings } from './tcp-settings.js';

export interface TcpProbeDeps {
  /** The wall clock for the result's `at`; durations use the monotonic clock. */
  now?: () => number;
}

/**
 * The TCP probe: resolves the host, opens one connection to the port and closes it at once, all
 * within the monitor's timeout. Up means the port accepted; nothing is sent.
 * @example const result = await createTcpProbe().run(monitorSpec('tcp', { host: '127.0.0.1', port: 5432 }), {});
 */
export function createTcpProbe(deps: TcpProbeDeps = {}): Probe {
  const now = deps.now ?? Date.now;
  return {
    describe: (monitor) => describeTcp(monitor.settings as TcpSettings),
    async run(spec: MonitorSpec, options: ProbeRunOptions): Promise<CheckResult> {
      const { host, port } = spec.settings as TcpSettings;
      const authority = hostPort(host, port);
      const at = now();
      const started = performance.now();
      const timings: Timings = { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 0 };
      const deadline = new CheckDeadline(spec.timeoutMs, options.signal);
      const finish = (failure: TcpFailure | null): CheckResult => {
        const facts = { at, timings: { ...timings, total: performance.now() - started }, status: null, requestId: '', traceId: '', responseRequestId: null };
        return failure === null ? { ...facts, ok: true, kind: null, error: null } : { ...facts, ok: false, ...failure, retryAfterMs: null };
      };

      try {
        const literal = literalAddress(host);
        const addresses = literal !== null ? [literal] : await timed(lookupHost(host, deadline.signal), (ms) => (timings.dns = ms));
        deadline.phase = 'connect';
        const socket = await timed(connectAny(addresses, port, deadline.signal), (ms) => (timings.connect = ms));
        hangUp(socket);
        return finish(null);
      } catch (err) {
        if (deadline.stoppedBy === 'cancelled') return finish({ kind: 'error', error: 'check cancelled' });
        if (deadline.stoppedBy === 'timeout') {
          return finish({ kind: 'timeout', error: `no answer from ${authority} within ${formatDuration(spec.timeoutMs)} (${PHASE_TEXT[deadline.phase]})` });
        }
        return finish(classifyTcpError(err, { phase: deadline.phase === 'dns' ? 'dns' : 'connect', authority, host }));
      } finally {
        deadline.dispose();
      }
    },
  };
}

/**
 * What a tcp monitor watches: its host and port.
 * @example describeTcp({ host: 'db.internal', port: 5432 }).target // 'TCP db.internal:5432'
 */
export function describeTcp(settings: TcpSettings): MonitorTarget {
  const authority = hostPort(settings.host, settings.port);
  return { target: `TCP ${authority}`, url: `tcp://${authority}`, method: null };
}
