import type { ProbeKind } from '../probe-kind.js';
import { createTcpProbe, describeTcp } from './tcp-probe.js';
import { parseTcpInput, TCP_KEYS, tcpOutput } from './tcp-input.js';
import type { TcpSettings } from './tcp-settings.js';

/** `type: tcp`: a port that must accept a connection (a database, a cache, an SMTP server). */
export const tcpKind: ProbeKind<TcpSettings> = {
  type: 'tcp',
  summary: 'A TCP connection to host:port, closed at once; up when the port accepts it (databases, caches, mail and other non-HTTP services).',
  keys: TCP_KEYS,
  parse: parseTcpInput,
  output: tcpOutput,
  describe: describeTcp,
  createProbe: (deps) => createTcpProbe({ now: deps.now }),
};
