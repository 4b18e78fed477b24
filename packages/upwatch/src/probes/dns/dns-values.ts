import { isIPv4, isIPv6 } from 'node:net';
import type { DnsRecordType } from './dns-settings.js';

/**
 * Record values in presentation form, the way `dig` prints them: an address, a name, "10
 * mail.example.com" for MX, "priority weight port target" for SRV, the joined text for TXT. The
 * probe renders answers this way and compares them with `expect`, normalized so that case in
 * names, a trailing dot and the spelling of an IPv6 address do not count.
 */

interface ValueForm {
  /** A value of this type, for error messages. */
  example: string;
  /** Why the text cannot be a value of this type, or undefined when it can. */
  problem(text: string): string | undefined;
  /** The text in the one form both sides are compared in. */
  normalize(text: string): string;
}

const NAME_CHARS = /^[A-Za-z0-9_*.-]+$/;
const isName = (text: string): boolean => NAME_CHARS.test(text) && !text.startsWith('.');
const isUint = (text: string, max: number): boolean => /^\d+$/.test(text) && Number(text) <= max;
const normalName = (text: string): string => text.toLowerCase().replace(/\.$/, '');
const words = (text: string): string[] => text.trim().split(/\s+/);

function nameForm(example: string): ValueForm {
  return {
    example,
    problem: (text) => (isName(text) ? undefined : `must be a domain name, such as ${example}`),
    normalize: normalName,
  };
}

/** Numbers and names in a fixed order, as MX, SRV and SOA values are. */
function fieldsForm(example: string, shape: string, fields: ReadonlyArray<'name' | 'u16' | 'u32'>): ValueForm {
  const fits = (field: 'name' | 'u16' | 'u32', word: string): boolean =>
    field === 'name' ? isName(word) : isUint(word, field === 'u16' ? 65_535 : 4_294_967_295);
  return {
    example,
    problem: (text) => {
      const parts = words(text);
      return parts.length === fields.length && fields.every((field, i) => fits(field, parts[i]!)) ? undefined : `must be ${shape}, such as "${example}"`;
    },
    normalize: (text) => words(text).map((word, i) => (fields[i] === 'name' ? normalName(word) : String(Number(word)))).join(' '),
  };
}

const CAA_VALUE = /^(\d+)\s+([A-Za-z0-9]+)\s+(.+)$/;

const FORMS: Record<DnsRecordType, ValueForm> = {
  A: { example: '93.184.216.34', problem: (text) => (isIPv4(text) ? undefined : 'must be an IPv4 address, such as 93.184.216.34'), normalize: (text) => text },
  AAAA: { example: '2001:db8::1', problem: (text) => (isIPv6(text) ? undefined : 'must be an IPv6 address, such as 2001:db8::1'), normalize: canonicalIPv6 },
  CNAME: nameForm('target.example.com'),
  NS: nameForm('ns1.example.com'),
  PTR: nameForm('host.example.com'),
  MX: fieldsForm('10 mail.example.com', 'a priority and a mail server name', ['u16', 'name']),
  SRV: fieldsForm('10 5 5060 sip.example.com', '"priority weight port target"', ['u16', 'u16', 'u16', 'name']),
  SOA: fieldsForm('ns1.example.com hostmaster.example.com 2024010101 7200 3600 1209600 300', '"primary-server admin serial refresh retry expire minimum"', [
    'name',
    'name',
    'u32',
    'u32',
    'u32',
    'u32',
    'u32',
  ]),
  CAA: {
    example: '0 issue letsencrypt.org',
    problem: (text) => {
      const flags = CAA_VALUE.exec(text.trim())?.[1];
      return flags !== undefined && isUint(flags, 255) ? undefined : 'must be "flags tag value", such as "0 issue letsencrypt.org"';
    },
    normalize: (text) => {
      const [, flags, tag, value] = CAA_VALUE.exec(text.trim()) ?? [];
      return flags === undefined ? text : `${Number(flags)} ${tag!.toLowerCase()} ${value!.replace(/^"(.*)"$/, '$1')}`;
    },
  },
  TXT: { example: 'v=spf1 -all', problem: (text) => (text === '' ? 'must not be empty' : undefined), normalize: (text) => text },
};

/**
 * Why `text` cannot be a value of a `record` record, or undefined when it can.
 * @example expectedValueProblem('A', 'example.com') // 'must be an IPv4 address, such as 93.184.216.34'
 */
export function expectedValueProblem(record: DnsRecordType, text: string): string | undefined {
  return FORMS[record].problem(text);
}

/**
 * A value of the type, for the messages that show how to write one.
 * @example valueExample('MX') // '10 mail.example.com'
 */
export function valueExample(record: DnsRecordType): string {
  return FORMS[record].example;
}

/**
 * The expected values that are not among the answers, compared in normal form.
 * @example missingValues('MX', ['10 MAIL.example.com.'], ['10 mail.example.com']) // []
 */
export function missingValues(record: DnsRecordType, expected: readonly string[], answers: readonly string[]): string[] {
  const { normalize } = FORMS[record];
  const seen = new Set(answers.map(normalize));
  return expected.filter((value) => !seen.has(normalize(value)));
}

/**
 * Values as one bounded line: cut between values, the count of the rest shown, and a value too
 * long on its own cut between characters (never inside one).
 * @example joinWithin(['10.0.0.1', '10.0.0.2'], 300) // '10.0.0.1, 10.0.0.2'
 */
export function joinWithin(values: readonly string[], maxChars: number): string {
  let line = '';
  for (const [i, raw] of values.entries()) {
    const value = raw.replace(/\p{Cc}/gu, ' ');
    const next = i === 0 ? value : `${line}, ${value}`;
    if (next.length <= maxChars) {
      line = next;
      continue;
    }
    const rest = values.length - i;
    if (i > 0) return `${line}, … (${rest} more)`;
    const chars = Array.from(value);
    return `${chars.slice(0, maxChars).join('')}…${rest > 1 ? ` (${rest - 1} more)` : ''}`;
  }
  return line;
}

function canonicalIPv6(text: string): string {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return text.toLowerCase();
  }
}
