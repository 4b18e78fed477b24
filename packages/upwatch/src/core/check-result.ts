import type { FailureKind } from './failure-kinds.js';

/** Where the time of one check went, in milliseconds (fractions kept). A phase that did not happen is 0. */
export interface Timings {
  dns: number;
  connect: number;
  tls: number;
  /** Request sent to first byte of the response headers. */
  ttfb: number;
  total: number;
}

export const ZERO_TIMINGS: Timings = Object.freeze({ dns: 0, connect: 0, tls: 0, ttfb: 0, total: 0 });

interface CheckFacts {
  /** When the check started, ms since the epoch. */
  at: number;
  timings: Timings;
  /** The HTTP status, when a response arrived. */
  status: number | null;
  /** The X-Request-Id this check sent. */
  requestId: string;
  /** The W3C trace id this check sent in `traceparent` and `sentry-trace`. */
  traceId: string;
  /** The request id the server answered with (header or JSON error body), the one to search its logs for. */
  responseRequestId: string | null;
  /** What was seen, in a line: the low-level error or the failed expectation. Null when all is well. */
  error: string | null;
  /** The server's certificate, when the check looked at one (tls monitors, http ones with `certificate:`). */
  certificate?: CertificateFacts | null;
}

/** What a check saw of a server's TLS certificate. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** Subject alternative names, as "DNS:example.com" / "IP Address:127.0.0.1". */
  sans: string[];
  notBefore: number;
  notAfter: number;
  /** Whole days until notAfter, rounded down; negative once expired. */
  daysLeft: number;
  /** SHA-256 fingerprint: tells a renewed certificate from the old one. */
  fingerprint: string;
  /** Whether the chain verified against the trusted CAs, and why not. */
  chainValid: boolean;
  chainError: string | null;
  /** The smallest warn_days threshold the certificate is within, or null: the probe judges, the engine tells once. */
  warnThreshold: number | null;
}

/**
 * What a probe observed. Failures are data: a probe never throws to mean "down", and it decides
 * nothing; the detector turns a run of these into states and alerts.
 */
export type CheckResult =
  | (CheckFacts & { ok: true; kind: null | 'degraded' })
  | (CheckFacts & { ok: false; kind: Exclude<FailureKind, 'degraded'>; retryAfterMs: number | null });

export type FailedCheck = Extract<CheckResult, { ok: false }>;

/** Timings rounded to 0.1 ms, the precision the API and alerts show. */
export function roundTimings(t: Timings): Timings {
  const r = (ms: number) => Math.round(ms * 10) / 10;
  return { dns: r(t.dns), connect: r(t.connect), tls: r(t.tls), ttfb: r(t.ttfb), total: r(t.total) };
}
