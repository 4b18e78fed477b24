import { STATUS_CODES } from 'node:http';
import type { Judgement, FinalResponse } from './judge-response.js';
import { statusLine } from './judge-response.js';
import { statusAccepted, type HttpSettings } from './http-settings.js';
import type { HopRequest } from './request-hop.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Sent to the monitored origin only; a redirect elsewhere must not carry them along.
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The request a redirect asks for, or null when the response is the final one. A redirect to
 * another origin leaves the credentials behind: the credential headers (basic_auth and
 * bearer_token among them) and the client certificate.
 * @example redirectTarget({ status: 302, headers: { location: '/login' }, … }, req, monitor)?.url.pathname // '/login'
 */
export function redirectTarget(res: FinalResponse, req: HopRequest, monitor: HttpSettings): HopRequest | null {
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
  const sameOrigin = url.origin === req.url.origin;
  const headers = sameOrigin ? req.headers : withoutCredentials(req.headers);
  const { cert: _cert, key: _key, ...anonymous } = req.tls;
  const tls = sameOrigin ? req.tls : anonymous;
  return toGet ? { url, method: 'GET', headers, body: null, tls } : { url, method: req.method, headers, body: req.body, tls };
}

/**
 * The failure for a redirect the monitor does not follow: any, with max_redirects 0 (the
 * redirect is the finding), or one past the limit (a loop, or a chain too long to be healthy).
 * `chain` holds the URLs requested so far.
 * @example redirectRefused(res, chain, next, 0) // { ok: false, kind: 'assertion', error: 'redirected (302 Found) to https://…/login; max_redirects is 0' }
 */
export function redirectRefused(res: FinalResponse, chain: readonly URL[], next: URL, maxRedirects: number): Judgement | null {
  if (chain.length <= maxRedirects) return null;
  if (maxRedirects === 0) {
    const reason = STATUS_CODES[res.status];
    const error = `redirected (${res.status}${reason === undefined ? '' : ` ${reason}`}) to ${shownUrl(next)}; max_redirects is 0`;
    return { ok: false, kind: 'assertion', error, retryAfterMs: null };
  }
  const limit = `more than ${maxRedirects} redirect${maxRedirects === 1 ? '' : 's'}`;
  const error = `${limit} (${statusLine(res.status)}): ${[...chain, next].map(shownUrl).join(' → ')}`;
  return { ok: false, kind: 'redirect_loop', error, retryAfterMs: null };
}

/**
 * A URL as an error line or a monitor's description may show it: user info and query strings can
 * hold secrets, so they are left out.
 * @example shownUrl(new URL('https://u:p@example.com/a?token=x')) // 'https://example.com/a?…'
 */
export function shownUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
}
