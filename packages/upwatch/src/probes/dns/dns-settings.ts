/** The record types a dns monitor can ask for. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'CAA', 'PTR', 'SOA'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export const DEFAULT_DNS_PORT = 53;

/** A DNS server to ask, by IP address: the system's resolvers are used when there is none. */
export interface DnsServerAddress {
  host: string;
  port: number;
}

/** A dns monitor's own settings, as its probe reads them. */
export interface DnsSettings {
  /** The domain name to look up, as written. */
  query: string;
  record: DnsRecordType;
  /** Values that must all be among the answers, in presentation form ("10 mail.example.com" for MX). */
  expect: string[];
  resolver: DnsServerAddress | null;
}

/**
 * A server as host:port, the form `Resolver.setServers` takes and people read; IPv6 in brackets.
 * @example serverAuthority({ host: '::1', port: 53 }) // '[::1]:53'
 */
export function serverAuthority(server: DnsServerAddress): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
