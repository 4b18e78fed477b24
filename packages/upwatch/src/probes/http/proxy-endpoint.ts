import { basicCredentials } from './credentials.js';

/** Where a monitor's `proxy:` sends its connections, read once from the URL as written. */
export interface ProxyEndpoint {
  /** The proxy's host as the resolver wants it: `[::1]` becomes `::1`. */
  hostname: string;
  port: number;
  /** host:port, the way error lines name the proxy: never with the credentials. */
  authority: string;
  /** The Proxy-Authorization value for the URL's user:pass@, or null. */
  authorization: string | null;
}

export type ProxyReading = { ok: true; proxy: ProxyEndpoint } | { ok: false; problem: string };

/**
 * A `proxy:` URL → the endpoint, or the problem in words that never repeat the URL (it may hold a
 * password).
 * @example readProxyUrl('http://probe:s3cret@proxy.internal:3128') // { ok: true, proxy: { authority: 'proxy.internal:3128', … } }
 */
export function readProxyUrl(text: string): ProxyReading {
  const example = 'such as http://proxy.internal:3128';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) return { ok: false, problem: `must be a URL starting with http://, ${example}` };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: `is not a valid URL; write it in full, ${example}` };
  }
  if (url.protocol === 'https:') return { ok: false, problem: `must be an http:// proxy (the connection to the proxy itself is not encrypted; https:// targets still get TLS end to end through it), ${example}` };
  if (url.protocol !== 'http:') return { ok: false, problem: `must start with http://, ${example}` };
  if (url.hostname === '') return { ok: false, problem: `must name the proxy's host, ${example}` };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return { ok: false, problem: `must be the proxy's address only, without a path or query, ${example}` };
  }
  const port = url.port === '' ? 80 : Number(url.port);
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const authorization = url.username === '' && url.password === '' ? null : basicCredentials(decode(url.username), decode(url.password));
  return { ok: true, proxy: { hostname, port, authority: `${url.hostname}:${port}`, authorization } };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
