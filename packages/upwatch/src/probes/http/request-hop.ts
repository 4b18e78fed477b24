import type { Readable } from 'node:stream';
import { Client } from 'undici';
import type { CheckDeadline } from './check-deadline.js';
import { MAX_BODY_BYTES, type FinalResponse, type ResponseHeaders } from './judge-response.js';
import { bareHostname, literalAddress, lookupHost } from './resolve-host.js';
import { timedConnector, type HopTimings, type ProbeTlsOptions } from './timed-connector.js';
import { timed } from './timed.js';

export interface HopRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
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
 * then drops the connection. Throws what it meets; the probe classifies.
 */
export async function requestHop(
  req: HopRequest,
  deadline: CheckDeadline,
  tlsOptions: ProbeTlsOptions,
  totals: PhaseTotals,
  onHeaders: (status: number, headers: ResponseHeaders) => void,
): Promise<FinalResponse> {
  const hostname = bareHostname(req.url);
  const secure = req.url.protocol === 'https:';

  deadline.phase = 'dns';
  const literal = literalAddress(hostname);
  const addresses = literal !== null ? [literal] : await timed(lookupHost(hostname, deadline.signal), (ms) => (totals.dns += ms));
  // The name is resolved: whatever fails from here on is not DNS (undici may refuse the request
  // itself, say a header it does not allow, before the connector runs).
  deadline.phase = 'connect';

  const timings: HopTimings = { connect: 0, tls: 0, readyAt: null };
  const port = req.url.port === '' ? (secure ? 443 : 80) : Number(req.url.port);
  const client = new Client(req.url.origin, {
    connect: timedConnector({ hostname, addresses, port, secure }, tlsOptions, deadline, timings),
    // The check's deadline covers every phase at once; undici's own per-phase timers would only
    // report the same stop less precisely.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  let headersAt: number | null = null;
  try {
    const res = await client.request({
      path: `${req.url.pathname}${req.url.search}`,
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: deadline.signal,
    });
    headersAt = performance.now();
    // Reported before the body is read: a body that breaks off still leaves the status and ids.
    onHeaders(res.statusCode, res.headers);
    deadline.phase = 'body';
    const { text, truncated } = await readCapped(res.body, MAX_BODY_BYTES);
    return { status: res.statusCode, headers: res.headers, body: text, bodyTruncated: truncated };
  } finally {
    // Also when no header came: a check stopped while waiting for the first byte waited that long.
    if (timings.readyAt !== null) totals.ttfb += (headersAt ?? performance.now()) - timings.readyAt;
    totals.connect += timings.connect;
    totals.tls += timings.tls;
    // destroy, not close: close would wait for the rest of an endless body.
    await client.destroy().catch(() => {});
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
