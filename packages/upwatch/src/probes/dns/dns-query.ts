import type { promises as dns } from 'node:dns';
import type { DnsRecordType } from './dns-settings.js';

type Resolver = dns.Resolver;

/**
 * Asks `resolver` for the `record` records of `name`, each answer rendered in presentation form
 * (see dns-values.ts). Rejects with the resolver's error (its `code` says which: ENOTFOUND,
 * ESERVFAIL, ENODATA …).
 * @example await queryRecords(resolver, 'example.com', 'MX') // ['10 mail.example.com']
 */
export async function queryRecords(resolver: Resolver, name: string, record: DnsRecordType): Promise<string[]> {
  switch (record) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'PTR':
      return resolver.resolvePtr(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((mx) => `${mx.priority} ${mx.exchange}`);
    case 'TXT':
      // A TXT record is a list of strings of up to 255 bytes each; people mean their concatenation.
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    case 'SRV':
      return (await resolver.resolveSrv(name)).map((srv) => `${srv.priority} ${srv.weight} ${srv.port} ${srv.name}`);
    case 'CAA':
      return (await resolver.resolveCaa(name)).map(caaText);
    case 'SOA': {
      const soa = await resolver.resolveSoa(name);
      return [`${soa.nsname} ${soa.hostmaster} ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minttl}`];
    }
  }
}

/** Node gives a CAA record as { critical, <tag>: value }. */
function caaText(caa: object): string {
  const { critical, ...tags } = caa as { critical: number } & Record<string, unknown>;
  const [tag, value] = Object.entries(tags)[0] ?? ['', ''];
  return `${critical} ${tag} ${String(value)}`;
}
