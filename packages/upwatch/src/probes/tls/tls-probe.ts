import * as net from 'node:net';
import type { CertificateFacts, CheckResult, Timings } from '../../core/check-result.js';
import type { FailureKind } from '../../core/failure-kinds.js';
import type { MonitorSpec, MonitorTarget } from '../../core/monitor.js';
import { certificateFacts } from '../certificate/certificate-facts.js';
import { loadTlsClientOptions, TlsClientFileError } from '../certificate/tls-client-options.js';
import { CheckDeadline } from '../http/check-deadline.js';
import type { Probe, ProbeRunOptions } from '../probe.js';
import { certificateProblem } from './certificate-problem.js';
import { connectionFailure, refusedAfterHandshake } from './connection-failure.js';
import { openTlsConnection, serverVerdict } from './tls-connection.js';
import { expectedName, tlsSettingsOf, type TlsSettings } from './tls-settings.js';

export interface TlsProbeDeps {
  /** The wall clock for the result's `at` and the certificate's dates; durations use the monotonic clock. */
  now?: () => number;
}

type Verdict = { ok: true } | { ok: false; kind: Exclude<FailureKind, 'degraded'>; error: string };

// How long a TLS 1.3 server is given to refuse the client after the handshake, when it neither
// refuses nor sends session tickets: a few handshakes' worth, at least enough for a busy host.
const MIN_VERDICT_WAIT_MS = 250;
const MAX_VERDICT_WAIT_MS = 1_000;

/**
 * The TLS probe: one handshake per check, timed phase by phase, the server's certificate read and
 * judged (dates, name, chain) unless `tls.skip_verify` is set. A certificate close to expiry is
 * still ok: its facts carry the warning threshold, and the engine tells once per threshold.
 * @example const result = await createTlsProbe().run(spec, {});
 */
export function createTlsProbe(deps: TlsProbeDeps = {}): Probe {
  const now = deps.now ?? Date.now;
  return {
    describe: (monitor) => describeTls(tlsSettingsOf(monitor.settings)),
    async run(spec: MonitorSpec, options: ProbeRunOptions): Promise<CheckResult> {
      const settings = tlsSettingsOf(spec.settings);
      const at = now();
      const started = performance.now();
      const timings: Timings = { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 0 };
      let certificate: CertificateFacts | null = null;
      let handshakeEnded: number | null = null;
      const finish = (verdict: Verdict): CheckResult => {
        timings.total = (handshakeEnded ?? performance.now()) - started;
        const facts = { at, timings, status: null, requestId: '', traceId: '', responseRequestId: null, certificate };
        return verdict.ok ? { ...facts, ok: true, kind: null, error: null } : { ...facts, ok: false, kind: verdict.kind, error: verdict.error, retryAfterMs: null };
      };

      let files: ReturnType<typeof loadTlsClientOptions>;
      try {
        files = loadTlsClientOptions(settings.tls);
      } catch (err) {
        if (err instanceof TlsClientFileError) return finish({ ok: false, kind: 'error', error: err.message });
        throw err;
      }
      const { rejectUnauthorized, ...trust } = files;
      const name = expectedName(settings);
      const authority = `${net.isIPv6(settings.host) ? `[${settings.host}]` : settings.host}:${settings.port}`;
      const deadline = new CheckDeadline(spec.timeoutMs, options.signal);
      try {
        let socket;
        try {
          socket = await openTlsConnection({ host: settings.host, port: settings.port, name }, trust, deadline, timings);
        } catch (err) {
          if (deadline.stoppedBy !== null) return finish({ ok: false, kind: deadline.stoppedBy === 'timeout' ? 'timeout' : 'error', error: deadline.describeStop() });
          return finish({ ok: false, ...connectionFailure(err, deadline.phase, authority, settings.host) });
        }
        // The wait below is for the server's word on the client, not latency: it is not timed.
        handshakeEnded = performance.now();
        try {
          const verifyCode = socket.authorized ? null : String(socket.authorizationError);
          certificate = certificateFacts(socket, now(), settings.warnDays);
          const peer = socket.getPeerCertificate();
          const wait = Math.min(MAX_VERDICT_WAIT_MS, Math.max(MIN_VERDICT_WAIT_MS, 3 * timings.tls));
          const server = await serverVerdict(socket, { waitMs: wait, presentedCertificate: trust.cert !== undefined }, deadline.signal);
          if (deadline.stoppedBy === 'cancelled') return finish({ ok: false, kind: 'error', error: deadline.describeStop() });
          if (!server.accepted) return finish({ ok: false, kind: 'tls', error: refusedAfterHandshake(server.error, trust.cert !== undefined) });
          if (certificate === null) return finish({ ok: false, kind: 'tls', error: `${authority} completed the handshake without a certificate` });
          const problem = certificateProblem({ peer, facts: certificate, verifyCode }, name, now());
          if (problem !== null && rejectUnauthorized) return finish({ ok: false, kind: 'tls', error: problem });
          return finish({ ok: true });
        } finally {
          socket.destroy();
        }
      } finally {
        deadline.dispose();
      }
    },
  };
}

/**
 * What a tls monitor watches: the host and port, and the name checked when it differs.
 * @example describeTls(settings) // { target: 'TLS example.com:443', url: 'tls://example.com:443', method: null }
 */
export function describeTls(settings: TlsSettings): MonitorTarget {
  const host = net.isIPv6(settings.host) ? `[${settings.host}]` : settings.host;
  const named = settings.servername !== null && settings.servername !== settings.host ? ` (${settings.servername})` : '';
  return { target: `TLS ${host}:${settings.port}${named}`, url: `tls://${host}:${settings.port}`, method: null };
}
