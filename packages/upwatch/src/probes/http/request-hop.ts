import type { Readable } from 'node:stream';
import { Client } from 'undici';
import type { CheckDeadline } from './check-deadline.js';
import { MAX_BODY_BYTES, type FinalResponse, type ResponseHeaders } from './judge-response.js';
import type * as tls from 'node:tls';
import type { ProxyEndpoint } from './proxy-endpoint.js';
import { bareHostname, literalAddress, lookupHost, ofFamily } from './resolve-host.js';
import { timedConnector, type HopTimings, type ProbeTlsOptions } from './timed-connector.js';
import { timed } from './timed.js';

export interface HopRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  /** TLS settings for this hop: a redirect to another origin leaves the client certificate behind. */
  tls: ProbeTlsOptions;
}

/** How every hop of a check reaches its server. */
export interface HopRoute {
  /** Through this proxy: plain http in absolute form, https through a CONNECT tunnel. */
  proxy: ProxyEndpoint | null;
  /** Resolve and connect over this IP version only (the proxy's, when there is one). */
  ipFamily: 4 | 6 | null;
}

export interface HopEvents {
  /** Sees the TLS socket right after the handshake, before its certificate is judged. */
  onHandshake: ((socket: tls.TLSSocket) => void) | null;
  /** Reported before the body is read: a body that breaks off still leaves the status and ids. */
  onHeaders: (status: number, headers: ResponseHeaders) => void;
}

/** The phase durations a check adds up over its hops, in ms. */
export interface PhaseTotals {
  dns: number;
  connect: number;
  tls: number;
  ttfb: number;
}

/**
 * One request on a fresh connection, as a first-time visitor meets the server: its own DNS lookup,
 * TCP connect and TLS handshake, each timed into `totals`. Reads at most MAX_BODY_BYTES of the body,
 * then drops the connection. Through a proxy, the lookup and connect are the proxy's, and the TLS
 * handshake still the target's. Throws what it meets; the probe classifies.
 * @example const res = await requestHop(req, { proxy: null, ipFamily: null }, deadline, totals, { onHandshake: null, onHeaders });
 */
export async function requestHop(
  req: HopRequest,
  route: HopRoute,
  deadline: CheckDeadline,
  totals: PhaseTotals,
  events: HopEvents,
): Promise<FinalResponse> {
  const hostname = bareHostname(req.url);
  const secure = req.url.protocol === 'https:';
  const port = req.url.port === '' ? (secure ? 443 : 80) : Number(req.url.port);
  const { proxy } = route;
  // Through a proxy we resolve and reach only the proxy; it resolves the target itself.
  const peer = proxy === null ? { hostname, port } : { hostname: proxy.hostname, port: proxy.port };

  deadline.phase = 'dns';
  const literal = literalAddress(peer.hostname);
  const found = literal !== null ? [literal] : await timed(lookupHost(peer.hostname, deadline.signal), (ms) => (totals.dns += ms));
  const named = proxy === null ? hostname : `proxy ${proxy.hostname}`;
  const addresses = ofFamily(named, found, route.ipFamily, literal !== null);
  // The name is resolved: whatever fails from here on is not DNS (undici may refuse the request
  // itself, say a header it does not allow, before the connector runs).
  deadline.phase = 'connect';

  const tunnel = proxy !== null && secure ? { authority: `${req.url.hostname}:${port}`, authorization: proxy.authorization } : null;
  // Plain http through a proxy: the request itself goes to the proxy, naming the target in full.
  const forwarded = proxy !== null && !secure;
  const headers = forwarded && proxy.authorization !== null ? { ...req.headers, 'proxy-authorization': proxy.authorization } : req.headers;
  const timings: HopTimings = { connect: 0, tls: 0, readyAt: null };
  const target = { hostname, addresses, port: peer.port, secure, tunnel, onHandshake: events.onHandshake };
  // The origin stays the target's, so the Host header names it, whoever the socket goes to.
  const client = new Client(req.url.origin, {
    connect: timedConnector(target, req.tls, deadline, timings),
    // The check's deadline covers every phase at once; undici's own per-phase timers would only
    // report the same stop less precisely.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  let headersAt: number | null = null;
  try {
    const res = await client.request({
      path: `${forwarded ? req.url.origin : ''}${req.url.pathname}${req.url.search}`,
      method: req.method,
      headers,
      body: req.body,
      signal: deadline.signal,
    });
    headersAt = performance.now();
    events.onHeaders(res.statusCode, res.headers);
    deadline.phase = 'body';
    const { text, truncated } = await readCapped(res.body, MAX_BODY_BYTES);
    return { status: res.statusCode, headers: res.headers, body: text, bodyTruncated: truncated };
  } finally {
    // Also when no header came: a check stopped while waiting for the first byte waited that long.
    if (timings.readyAt !== null) totals.ttfb += (headersAt ?? performance.now()) - timings.readyAt;
    totals.connect += timings.connect;
    totals.tls += timings.tls;
    // destroy, not close: close would wait for the rest of an endless body.
    await destroyQuietly(client);
  }
}

async function readCapped(body: Readable, limit: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      // Leaving the loop destroys the stream; the client is destroyed right after, with its socket.
      truncated = true;
      break;
    }
  }
  return { text: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), truncated };
}

/**
 * Destroys a client without the stack trace of the ClientDestroyedError undici makes for it: the
 * error is never shown (the check is over), and capturing it cost about 3% of a check's CPU.
 */
function destroyQuietly(client: Client): Promise<void> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return client.destroy().catch(() => {});
  } finally {
    Error.stackTraceLimit = limit;
  }
}
