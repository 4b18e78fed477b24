import type { ProbeKind } from '../probe-kind.js';
import { createDnsProbe, describeDns } from './dns-probe.js';
import { DNS_KEYS, dnsOutput, parseDnsInput } from './dns-input.js';
import type { DnsSettings } from './dns-settings.js';

/** `type: dns`: a name that must resolve, optionally to the values in `expect`. */
export const dnsKind: ProbeKind<DnsSettings> = {
  type: 'dns',
  summary: 'A DNS query (A, AAAA, CNAME, MX, NS, TXT, SRV, CAA, PTR, SOA) to a resolver; the answers must include every expect value.',
  keys: DNS_KEYS,
  parse: parseDnsInput,
  output: dnsOutput,
  describe: describeDns,
  createProbe: (deps) => createDnsProbe({ now: deps.now }),
};
