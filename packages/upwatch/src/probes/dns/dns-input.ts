import { isIP, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { Type } from '@sinclair/typebox';
import { tracking, type Fail } from '../../config/input-readers.js';
import { DEFAULT_DNS_PORT, DNS_RECORD_TYPES, serverAuthority, type DnsRecordType, type DnsServerAddress, type DnsSettings } from './dns-settings.js';
import { expectedValueProblem, valueExample } from './dns-values.js';

/** The keys of a dns monitor, as people write them in YAML and JSON. */

// JSON Schema patterns have no case-insensitive flag: "mx" and "Mx" are spelt out as [mM][xX].
const anyCase = (word: string): string => [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
const RECORD_PATTERN = `^\\s*(?:${DNS_RECORD_TYPES.map(anyCase).join('|')})\\s*$`;
const RESOLVER_HINT = 'must be the IP address of a DNS server, optionally with a port, such as 1.1.1.1, 127.0.0.1:5353 or [::1]:53';
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

export const DNS_KEYS = {
  query: Type.String({ minLength: 1, description: 'The domain name to look up.', examples: ['example.com'] }),
  record: Type.Optional(Type.Union([Type.String({ pattern: RECORD_PATTERN, description: `The record type: ${DNS_RECORD_TYPES.join(', ')} (any case). Default A.` }), Type.Null()])),
  expect: Type.Optional(
    Type.Union([
      Type.Array(Type.String(), {
        description: 'Values that must all be among the answers: an address, a name, "10 mail.example.com" for MX, "priority weight port target" for SRV, the text for TXT. Names ignore case and a trailing dot. Default: any answer.',
        examples: [['93.184.216.34']],
      }),
      Type.Null(),
    ]),
  ),
  resolver: Type.Optional(Type.Union([Type.String({ minLength: 1, description: `The DNS server to ask: an IP address, optionally with a port (default ${DEFAULT_DNS_PORT}). Default: the system's resolvers.`, examples: ['1.1.1.1', '127.0.0.1:5353', '[::1]:53'] }), Type.Null()])),
};

/**
 * A dns monitor's keys → its settings.
 * @example parseDnsInput({ query: 'example.com', record: 'mx', expect: ['10 mail.example.com'] }, fail)
 */
export function parseDnsInput(raw: Readonly<Record<string, unknown>>, fail: Fail): DnsSettings | undefined {
  const t = tracking(fail);
  const query = readQuery(raw.query, t.fail);
  const record = readRecord(raw.record, t.fail);
  const expect = readExpect(raw.expect, record, t.fail);
  const resolver = readResolver(raw.resolver, t.fail);
  if (t.failed()) return undefined;
  return { query: query!, record: record!, expect: expect!, resolver: resolver! };
}

/** Settings → the keys as people write them. */
export function dnsOutput(settings: DnsSettings): Record<string, unknown> {
  return {
    query: settings.query,
    record: settings.record,
    expect: [...settings.expect],
    resolver: settings.resolver === null ? null : serverAuthority(settings.resolver),
  };
}

function readQuery(value: unknown, fail: Fail): string | undefined {
  const at = ['query'];
  if (value === undefined || value === null) return void fail(at, 'is required: the domain name to look up, such as example.com');
  if (typeof value !== 'string' || value.trim() === '') return void fail(at, 'must be a domain name, such as example.com');
  const name = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) return void fail(at, 'must be a bare domain name, without a scheme such as https://');
  if (isIP(name) !== 0) return void fail(at, 'is an IP address; write the name to look up (for PTR, the reverse name, such as 34.216.184.93.in-addr.arpa)');
  if (/[/\s?#@:]/.test(name)) return void fail(at, 'must be a bare domain name, without a path, port or spaces');
  // The resolver sends names as they are; a name in another script must be in its xn-- form.
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = domainToASCII(name);
    return void fail(at, ascii === '' ? 'is not a valid domain name' : `must be written in its ASCII form: ${ascii}`);
  }
  const labels = name.replace(/\.$/, '').split('.');
  if (name.replace(/\.$/, '').length > MAX_NAME_LENGTH) return void fail(at, `is longer than ${MAX_NAME_LENGTH} characters, the most a domain name can have`);
  const bad = labels.find((label) => label === '' || label.length > MAX_LABEL_LENGTH || !/^[A-Za-z0-9_*-]+$/.test(label));
  if (bad !== undefined) {
    const why = bad === '' ? 'has an empty label (two dots in a row, or a leading dot)' : bad.length > MAX_LABEL_LENGTH ? `has a label longer than ${MAX_LABEL_LENGTH} characters` : `has a label with characters a domain name cannot hold: "${bad}"`;
    return void fail(at, `is not a valid domain name: it ${why}`);
  }
  return name;
}

function readRecord(value: unknown, fail: Fail): DnsRecordType | undefined {
  if (value === undefined || value === null) return 'A';
  const record = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  if (record === undefined || !(DNS_RECORD_TYPES as readonly string[]).includes(record)) {
    return void fail(['record'], `must be one of ${DNS_RECORD_TYPES.join(', ')}`);
  }
  return record as DnsRecordType;
}

/** `record` is undefined when it was invalid: the values are then checked for their shape only. */
function readExpect(value: unknown, record: DnsRecordType | undefined, fail: Fail): string[] | undefined {
  if (value === undefined || value === null) return [];
  const example = JSON.stringify(valueExample(record ?? 'A'));
  if (!Array.isArray(value)) return void fail(['expect'], `must be a list of values the answers must include, such as [${example}]`);
  const values: string[] = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    const text = typeof item === 'string' ? item.trim() : undefined;
    const problem = text === undefined ? `must be text, such as ${example}` : record === undefined ? undefined : expectedValueProblem(record, text);
    if (problem !== undefined) {
      fail(['expect', i], record === undefined || text === undefined ? problem : `${problem} (a value of ${articled(record)} record)`);
      ok = false;
    } else values.push(text!);
  });
  return ok ? values : undefined;
}

function readResolver(value: unknown, fail: Fail): DnsServerAddress | null | undefined {
  const at = ['resolver'];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') return void fail(at, RESOLVER_HINT);
  const text = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return void fail(at, `${RESOLVER_HINT}; without a scheme`);
  const [host, portText] = splitHostPort(text);
  if (isIP(host) === 0) {
    // setServers takes addresses only: a server named by a host name would itself need a resolver.
    return void fail(at, `${RESOLVER_HINT}; "${host}" is not an IP address`);
  }
  if (portText === undefined) return { host, port: DEFAULT_DNS_PORT };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) return void fail(at, `has port "${portText}"; a port is a number from 1 to 65535`);
  return { host, port };
}

/** "1.1.1.1:53" → ["1.1.1.1", "53"]; "[::1]:53" → ["::1", "53"]; a bare IPv6 address has no port. */
function splitHostPort(text: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) return isIPv6(bracketed[1]!) ? [bracketed[1]!, bracketed[2]] : [text, undefined];
  if (isIPv6(text)) return [text, undefined];
  const colon = text.lastIndexOf(':');
  return colon === -1 ? [text, undefined] : [text.slice(0, colon), text.slice(colon + 1)];
}

function articled(record: DnsRecordType): string {
  return /^[AMNS]/.test(record) ? `an ${record}` : `a ${record}`;
}
