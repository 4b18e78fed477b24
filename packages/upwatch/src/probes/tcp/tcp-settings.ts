/** A tcp monitor's own settings: the port that must accept a connection. */
export interface TcpSettings {
  /** A host name or an IP address; an IPv6 address without brackets. */
  host: string;
  port: number;
}

/**
 * host:port as people write it; an IPv6 address goes in brackets so its colons are not read as the port.
 * @example hostPort('::1', 5432) // '[::1]:5432'
 */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
