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

/** A name with no address of the IP version the monitor asks for (`ip_family`). */
export class NoAddressOfFamilyError extends Error {
  readonly code = 'UPWATCH_NO_ADDRESS_OF_FAMILY';

  constructor(hostname: string, family: 4 | 6, literal: boolean) {
    super(literal ? `${hostname} is not an IPv${family} address, and ip_family is ${family}` : `${hostname} has no IPv${family} address (ip_family is ${family})`);
    this.name = 'NoAddressOfFamilyError';
  }
}

/**
 * The addresses of the IP version `family` (all of them for null); none is a NoAddressOfFamilyError,
 * whose line names the host as `hostname` says (the proxy's is named as such).
 * @example ofFamily('localhost', [{ address: '127.0.0.1', family: 4 }], 4) // [{ address: '127.0.0.1', family: 4 }]
 */
export function ofFamily(hostname: string, addresses: ResolvedAddress[], family: 4 | 6 | null, literal = false): ResolvedAddress[] {
  if (family === null) return addresses;
  const kept = addresses.filter((a) => a.family === family);
  if (kept.length === 0) throw new NoAddressOfFamilyError(hostname, family, literal);
  return kept;
}

/** The host of a URL as the resolver and TLS want it: `[::1]` becomes `::1`. */
export function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
