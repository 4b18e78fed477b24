import { promises as dns } from 'node:dns';
import * as net from 'node:net';
import { untilAborted } from './check-deadline.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** The address an IP literal stands for, or null when `hostname` is a name to look up. */
export function literalAddress(hostname: string): ResolvedAddress | null {
  const family = net.isIP(hostname);
  return family === 0 ? null : { address: hostname, family };
}

/**
 * Every address of `hostname`, in the resolver's order. `localhost` may give ::1 and 127.0.0.1;
 * the connector tries them in turn.
 * @example await lookupHost('localhost', signal) // [{ address: '127.0.0.1', family: 4 }]
 */
export function lookupHost(hostname: string, signal: AbortSignal): Promise<ResolvedAddress[]> {
  // getaddrinfo cannot be cancelled; the check stops waiting for it and lets it finish unobserved.
  return untilAborted(dns.lookup(hostname, { all: true }), signal);
}

/** The host of a URL as the resolver and TLS want it: `[::1]` becomes `::1`. */
export function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
