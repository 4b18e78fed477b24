import * as dgram from 'node:dgram';
import { once } from 'node:events';

/**
 * A small authoritative DNS server over UDP on 127.0.0.1, for tests: it answers each name from a
 * table (records, an error code, or silence) with packets encoded here per RFC 1035.
 */

export type DnsAnswer =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'MX'; priority: number; exchange: string }
  | { type: 'TXT'; texts: string[] }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string };

/**
 * What the server does for a name: answer with the records of the asked type (none of that type:
 * NOERROR with no answers), answer with an error code, or not answer at all.
 */
export type NameBehaviour = DnsAnswer[] | 'nxdomain' | 'servfail' | 'refused' | 'silent';

export interface ReceivedQuery {
  name: string;
  type: string;
}

export interface TestDnsServer {
  /** "127.0.0.1:<port>", as a monitor's `resolver:` takes it. */
  address: string;
  port: number;
  /** Sets what the server does for a name (case ignored); names not set are NXDOMAIN. */
  set(name: string, behaviour: NameBehaviour): void;
  readonly queries: ReceivedQuery[];
  close(): Promise<void>;
}

const TYPE_CODES = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, CAA: 257 } as const;
const TYPE_NAMES = new Map<number, string>(Object.entries(TYPE_CODES).map(([name, code]) => [code, name]));
const RCODES = { noerror: 0, servfail: 2, nxdomain: 3, refused: 5 } as const;
const CLASS_IN = 1;
const TTL_SECONDS = 60;
const HEADER_BYTES = 12;
/** A compression pointer to offset 12: the name of the question, right after the header. */
const POINTER_TO_QUESTION = 0xc00c;

/**
 * Starts the server on 127.0.0.1 and a free UDP port.
 * @example const server = await startDnsServer({ 'example.com': [{ type: 'A', address: '93.184.216.34' }] });
 */
export async function startDnsServer(zone: Record<string, NameBehaviour> = {}): Promise<TestDnsServer> {
  const table = new Map(Object.entries(zone).map(([name, behaviour]) => [normalName(name), behaviour]));
  const queries: ReceivedQuery[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, peer) => {
    const question = parseQuestion(message);
    if (question === undefined) return; // not a query we can read: say nothing, as a real server might
    queries.push({ name: question.name, type: TYPE_NAMES.get(question.type) ?? String(question.type) });
    const behaviour = table.get(normalName(question.name)) ?? 'nxdomain';
    if (behaviour === 'silent') return;
    const reply = typeof behaviour === 'string' ? response(message, question.bytes, RCODES[behaviour], []) : answersFor(message, question, behaviour);
    socket.send(reply, peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    port,
    set(name, behaviour) {
      table.set(normalName(name), behaviour);
    },
    queries,
    async close() {
      const closed = once(socket, 'close');
      socket.close();
      await closed;
    },
  };
}

interface Question {
  name: string;
  type: number;
  /** The question section as received, echoed in the reply. */
  bytes: Buffer;
}

function parseQuestion(message: Buffer): Question | undefined {
  if (message.length < HEADER_BYTES || message.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let offset = HEADER_BYTES;
  for (;;) {
    const length = message[offset];
    if (length === undefined || length > 63) return undefined; // queries carry no compression
    offset += 1;
    if (length === 0) break;
    labels.push(message.toString('latin1', offset, offset + length));
    offset += length;
  }
  if (offset + 4 > message.length) return undefined;
  return { name: labels.join('.'), type: message.readUInt16BE(offset), bytes: message.subarray(HEADER_BYTES, offset + 4) };
}

function answersFor(query: Buffer, question: Question, records: DnsAnswer[]): Buffer {
  const matching = records.filter((record) => TYPE_CODES[record.type] === question.type);
  return response(query, question.bytes, RCODES.noerror, matching.map(resourceRecord));
}

function response(query: Buffer, questionBytes: Buffer, rcode: number, answers: Buffer[]): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  const queryFlags = query.readUInt16BE(2);
  const opcodeAndRd = queryFlags & 0x7900;
  // QR (a response), the query's opcode and RD, AA (authoritative), RA (recursion available).
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8000 | opcodeAndRd | 0x0400 | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, questionBytes, ...answers]);
}

function resourceRecord(record: DnsAnswer): Buffer {
  const data = recordData(record);
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(POINTER_TO_QUESTION, 0);
  fixed.writeUInt16BE(TYPE_CODES[record.type], 2);
  fixed.writeUInt16BE(CLASS_IN, 4);
  fixed.writeUInt32BE(TTL_SECONDS, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

function recordData(record: DnsAnswer): Buffer {
  switch (record.type) {
    case 'A':
      return Buffer.from(record.address.split('.').map(Number));
    case 'AAAA':
      return ipv6Bytes(record.address);
    case 'MX':
      return Buffer.concat([uint16(record.priority), encodeName(record.exchange)]);
    case 'TXT':
      return Buffer.concat(record.texts.map((text) => {
        const bytes = Buffer.from(text, 'utf8');
        if (bytes.length > 255) throw new Error('a TXT string holds at most 255 bytes: split it');
        return Buffer.concat([Buffer.from([bytes.length]), bytes]);
      }));
    case 'SRV':
      return Buffer.concat([uint16(record.priority), uint16(record.weight), uint16(record.port), encodeName(record.target)]);
  }
}

/** A name in full, as length-prefixed labels ending with the root's empty label. */
function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((label) => label !== '');
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])), Buffer.from([0])]);
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  if (groups.length !== 8) throw new Error(`not an IPv6 address this server can encode: ${address}`);
  return Buffer.concat(groups.map((group) => uint16(parseInt(group, 16))));
}

function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value, 0);
  return bytes;
}

function normalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
