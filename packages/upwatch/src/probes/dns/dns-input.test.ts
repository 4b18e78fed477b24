import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import type { Segment } from '../../config/field-path.js';
import { MonitorInputSchema, monitorToOutput, parseMonitorInput } from '../../config/monitor-input.js';
import { dnsOutput, parseDnsInput } from './dns-input.js';
import type { DnsSettings } from './dns-settings.js';
import { joinWithin, missingValues } from './dns-values.js';

/** What parseDnsInput reports, as `path: message` lines. */
function problems(raw: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const settings = parseDnsInput(raw, (at: Segment[], message) => lines.push(`${at.join('.')}: ${message}`));
  if (lines.length === 0) assert.fail(`expected problems, got ${JSON.stringify(settings)}`);
  assert.equal(settings, undefined);
  return lines;
}

const settingsOf = (raw: Record<string, unknown>): DnsSettings | undefined => parseDnsInput(raw, (at, message) => assert.fail(`${at.join('.')}: ${message}`));

describe('dns monitor input', () => {
  test('the YAML form parses, and GET returns what POST accepts', () => {
    const raw = { name: 'resolver', type: 'dns', query: 'example.com', record: 'A', expect: ['93.184.216.34'], resolver: '127.0.0.1:53' };
    const parsed = parseMonitorInput(raw);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.spec.settings, { query: 'example.com', record: 'A', expect: ['93.184.216.34'], resolver: { host: '127.0.0.1', port: 53 } });
    const output = monitorToOutput(parsed.spec);
    assert.deepEqual([output.query, output.record, output.expect, output.resolver], ['example.com', 'A', ['93.184.216.34'], '127.0.0.1:53']);
    assert.deepEqual(parseMonitorInput(output), parsed);
    assert.ok(Value.Check(MonitorInputSchema, output), `the schema rejects ${JSON.stringify(output)}`);
  });

  test('defaults: record A, no expectations, the system resolver', () => {
    const settings = settingsOf({ query: 'example.com' });
    assert.deepEqual(settings, { query: 'example.com', record: 'A', expect: [], resolver: null });
    assert.deepEqual(dnsOutput(settings!), { query: 'example.com', record: 'A', expect: [], resolver: null });
  });

  test('record types in any case; resolvers with and without port, IPv6 in brackets', () => {
    assert.equal(settingsOf({ query: 'example.com', record: 'mx' })?.record, 'MX');
    assert.deepEqual(settingsOf({ query: 'example.com', resolver: '1.1.1.1' })?.resolver, { host: '1.1.1.1', port: 53 });
    assert.deepEqual(settingsOf({ query: 'example.com', resolver: '[::1]:5353' })?.resolver, { host: '::1', port: 5353 });
    assert.deepEqual(settingsOf({ query: 'example.com', resolver: '::1' })?.resolver, { host: '::1', port: 53 });
    const v6 = settingsOf({ query: 'example.com', resolver: '[::1]:5353' })!;
    assert.deepEqual(settingsOf(dnsOutput(v6)), v6);
  });

  test('query is required and must be a domain name', () => {
    assert.deepEqual(problems({}), ['query: is required: the domain name to look up, such as example.com']);
    assert.deepEqual(problems({ query: 'https://example.com' }), ['query: must be a bare domain name, without a scheme such as https://']);
    assert.deepEqual(problems({ query: 'example.com/path' }), ['query: must be a bare domain name, without a path, port or spaces']);
    assert.deepEqual(problems({ query: 'example..com' }), ['query: is not a valid domain name: it has an empty label (two dots in a row, or a leading dot)']);
    assert.match(problems({ query: '93.184.216.34' })[0]!, /^query: is an IP address; write the name to look up/);
    assert.deepEqual(problems({ query: 'münchen.de' }), ['query: must be written in its ASCII form: xn--mnchen-3ya.de']);
  });

  test('an unknown record type lists the known ones', () => {
    assert.deepEqual(problems({ query: 'example.com', record: 'AXFR' }), ['record: must be one of A, AAAA, CNAME, MX, NS, TXT, SRV, CAA, PTR, SOA']);
  });

  test('expect must be a list of values of the record type', () => {
    assert.deepEqual(problems({ query: 'example.com', expect: '93.184.216.34' }), ['expect: must be a list of values the answers must include, such as ["93.184.216.34"]']);
    assert.deepEqual(problems({ query: 'example.com', record: 'MX', expect: ['mail.example.com'] }), [
      'expect.0: must be a priority and a mail server name, such as "10 mail.example.com" (a value of an MX record)',
    ]);
    assert.deepEqual(problems({ query: 'example.com', expect: ['93.184.216.34', 'example.com', 7] }), [
      'expect.1: must be an IPv4 address, such as 93.184.216.34 (a value of an A record)',
      'expect.2: must be text, such as "93.184.216.34"',
    ]);
  });

  test('a resolver is an IP address with an optional port', () => {
    assert.deepEqual(problems({ query: 'example.com', resolver: 'dns.google' }), [
      'resolver: must be the IP address of a DNS server, optionally with a port, such as 1.1.1.1, 127.0.0.1:5353 or [::1]:53; "dns.google" is not an IP address',
    ]);
    assert.deepEqual(problems({ query: 'example.com', resolver: '127.0.0.1:99999' }), ['resolver: has port "99999"; a port is a number from 1 to 65535']);
    assert.deepEqual(problems({ query: 'example.com', resolver: '[::1]:' }), ['resolver: has port ""; a port is a number from 1 to 65535']);
    assert.match(problems({ query: 'example.com', resolver: 'udp://1.1.1.1' })[0]!, /; without a scheme$/);
    assert.match(problems({ query: 'example.com', resolver: 53 })[0]!, /^resolver: must be the IP address of a DNS server/);
  });

  test('every problem is reported at once, through the monitor parser too', () => {
    const parsed = parseMonitorInput({ name: 'r', type: 'dns', record: 'AXFR', expect: 'x', resolver: 'dns.google' });
    assert.equal(parsed.ok, false);
    assert.deepEqual(!parsed.ok && parsed.errors.map((e) => e.path), ['query', 'record', 'expect', 'resolver']);
  });
});

describe('dns values', () => {
  test('names ignore case and a trailing dot; IPv6 spellings and quoted CAA values compare equal', () => {
    assert.deepEqual(missingValues('CNAME', ['Target.Example.com.'], ['target.example.com']), []);
    assert.deepEqual(missingValues('AAAA', ['2001:0DB8::0:1'], ['2001:db8::1']), []);
    assert.deepEqual(missingValues('CAA', ['0 ISSUE "letsencrypt.org"'], ['0 issue letsencrypt.org']), []);
    assert.deepEqual(missingValues('TXT', ['V=spf1 -all'], ['v=spf1 -all']), ['V=spf1 -all'], 'TXT text is compared as it is');
  });

  test('joinWithin cuts between values, and inside a long one between characters', () => {
    assert.equal(joinWithin(['a', 'b', 'c'], 4), 'a, b, … (1 more)');
    assert.equal(joinWithin(['😀😀😀', 'x'], 2), '😀😀… (1 more)');
    assert.equal(joinWithin(['line\nbreak'], 300), 'line break');
  });
});
