import { NO_TLS_CLIENT_SETTINGS, type TlsClientSettings } from '../certificate/tls-client-options.js';

/** An http monitor's own settings, as its probe reads them. */
export interface HttpSettings {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  expect: HttpExpectations;
  /** Sent as `Authorization: Basic …`, to the monitored origin only. */
  basicAuth: BasicAuth | null;
  /** Sent as `Authorization: Bearer …`, to the monitored origin only. */
  bearerToken: string | null;
  /** Redirects followed before the chain counts as a loop; with 0, any redirect is a failure. */
  maxRedirects: number;
  /** An http:// proxy as written, possibly with user:pass@ for Proxy-Authorization. */
  proxy: string | null;
  /** Resolve and connect over this IP version only; null: whichever the name has. */
  ipFamily: 4 | 6 | null;
  /** Replaces upwatch's own User-Agent. */
  userAgent: string | null;
  /** Extra trusted CAs, a client certificate (mTLS), or no verification. */
  tls: TlsClientSettings;
  /** Report the certificate of the first hop; null: do not look at it. */
  certificate: CertificateCheck | null;
}

export interface BasicAuth {
  username: string;
  password: string;
}

export interface CertificateCheck {
  /** Whole days before expiry to warn at, largest first, no repeats. */
  warnDays: number[];
}

/** Redirects followed unless a monitor says otherwise. */
export const DEFAULT_MAX_REDIRECTS = 5;
export const MAX_REDIRECTS_LIMIT = 20;
/** The thresholds of a `certificate:` block that names none. */
export const DEFAULT_WARN_DAYS: readonly number[] = Object.freeze([30, 14, 7, 1]);

type RequestOptions = Omit<HttpSettings, 'url' | 'method' | 'headers' | 'body' | 'expect'>;

/** The request options with nothing set, as a spec stored before they existed means them. */
export const NO_REQUEST_OPTIONS: RequestOptions = Object.freeze({
  basicAuth: null,
  bearerToken: null,
  maxRedirects: DEFAULT_MAX_REDIRECTS,
  proxy: null,
  ipFamily: null,
  userAgent: null,
  tls: NO_TLS_CLIENT_SETTINGS,
  certificate: null,
});

export interface HttpExpectations {
  /** Accepted statuses as written: codes (200) or ranges ("2xx", "200-299"). Empty: any 2xx or 3xx. */
  status: Array<number | string>;
  bodyContains: string | null;
  /** Slower than this is degraded: reported, never down. */
  maxResponseTimeMs: number | null;
  /** Text the body must not contain (a maintenance page, an error banner). */
  bodyNotContains: string | null;
  /** A regular expression (JavaScript syntax) the body must match. */
  bodyMatches: string | null;
  /** Headers that must be present, each containing the given text (names and text ignore case). */
  headers: Record<string, string>;
  /** Conditions on values in a JSON body, all of which must hold. */
  json: JsonCondition[];
}

/** One `json:` condition: `"$.queue.depth": "< 100"` is { path: '$.queue.depth', op: '<', value: 100 }. */
export interface JsonCondition {
  path: string;
  op: '==' | '!=' | '<' | '<=' | '>' | '>=';
  value: string | number | boolean | null;
}

/** Expectations with nothing beyond the defaults: any 2xx or 3xx passes. */
export const NO_EXPECTATIONS: HttpExpectations = Object.freeze({
  status: [],
  bodyContains: null,
  maxResponseTimeMs: null,
  bodyNotContains: null,
  bodyMatches: null,
  headers: {},
  json: [],
}) as HttpExpectations;

/** True when `status` is accepted by the monitor's list (empty list: any 2xx or 3xx). */
export function statusAccepted(status: number, accepted: ReadonlyArray<number | string>): boolean {
  if (accepted.length === 0) return status >= 200 && status < 400;
  return accepted.some((rule) => {
    if (typeof rule === 'number') return status === rule;
    const range = parseStatusRule(rule);
    return range !== undefined && status >= range.min && status <= range.max;
  });
}

/** "200" → 200..200, "2xx" → 200..299, "200-204" → 200..204; anything else is undefined. */
export function parseStatusRule(rule: string): { min: number; max: number } | undefined {
  const text = rule.trim().toLowerCase();
  let m = /^([1-5])xx$/.exec(text);
  if (m) return { min: Number(m[1]) * 100, max: Number(m[1]) * 100 + 99 };
  m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (min < 100 || max > 599 || min > max) return undefined;
  return { min, max };
}

/**
 * The settings as the probe reads them: a spec stored by an older version lacks the newer keys,
 * which take their defaults here.
 */
export function httpSettingsOf(settings: unknown): HttpSettings {
  const s = settings as HttpSettings;
  let full = withDefaults.get(s);
  if (full === undefined) {
    full = { ...NO_REQUEST_OPTIONS, ...s, tls: { ...NO_TLS_CLIENT_SETTINGS, ...s.tls }, expect: { ...NO_EXPECTATIONS, ...s.expect } };
    withDefaults.set(s, full);
  }
  return full;
}

// Settings objects live as long as their monitor's spec and are never changed (a change makes a
// new spec): each is filled in once, not on every check.
const withDefaults = new WeakMap<HttpSettings, HttpSettings>();
