import { readFileSync, statSync } from 'node:fs';
import * as tls from 'node:tls';
import { Type } from '@sinclair/typebox';
import { unknownKeyMessage } from '../../config/field-path.js';
import { isPlainObject, tracking, type Fail } from '../../config/input-readers.js';

/**
 * The `tls:` block a monitor that speaks TLS may carry (tls monitors, https ones): which CA to
 * trust besides the public ones, which client certificate to present (mTLS), and whether to
 * verify at all. Files are named, never inlined, so the config and the API never hold a key.
 */

/** The `tls:` block as settings: file paths as written, so output gives back what was read. */
export interface TlsClientSettings {
  caFile: string | null;
  certFile: string | null;
  keyFile: string | null;
  skipVerify: boolean;
}

export const NO_TLS_CLIENT_SETTINGS: TlsClientSettings = Object.freeze({ caFile: null, certFile: null, keyFile: null, skipVerify: false });

const PathSchema = (description: string) => Type.Optional(Type.Union([Type.String({ minLength: 1, description }), Type.Null()]));

export const TlsClientInputSchema = Type.Object(
  {
    ca_file: PathSchema('A PEM file of CA certificates to trust in addition to the public roots, such as a private CA.'),
    cert_file: PathSchema('A PEM client certificate to present (mutual TLS); needs key_file.'),
    key_file: PathSchema('The PEM private key of cert_file; needs cert_file.'),
    skip_verify: Type.Optional(
      Type.Union([Type.Boolean({ description: 'Accept any certificate: expired, self-signed or for another name. Default false.' }), Type.Null()]),
    ),
  },
  { additionalProperties: false, description: 'How to talk TLS to the target: extra trusted CAs, a client certificate, or no verification.' },
);

const TLS_KEYS = Object.keys(TlsClientInputSchema.properties);
const FILE_KEYS = { ca_file: 'caFile', cert_file: 'certFile', key_file: 'keyFile' } as const;
type FileKey = keyof typeof FILE_KEYS;

/** A PEM file named in `tls:` that cannot be read when a check needs it (deleted, permissions changed). */
export class TlsClientFileError extends Error {
  readonly code = 'UPWATCH_TLS_CLIENT_FILE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TlsClientFileError';
  }
}

/**
 * A monitor's `tls` key → its settings; each file is read once here to catch a wrong path or a
 * file that is not PEM while the person is still looking at the config.
 * @example readTlsClientInput({ ca_file: '/etc/upwatch/private-ca.pem' }, fail) // { caFile: '/etc/upwatch/private-ca.pem', …, skipVerify: false }
 */
export function readTlsClientInput(value: unknown, fail: Fail): TlsClientSettings | undefined {
  if (value === undefined || value === null) return { ...NO_TLS_CLIENT_SETTINGS };
  if (!isPlainObject(value)) return void fail(['tls'], `must be a map with ${TLS_KEYS.join(', ')}, such as { ca_file: /etc/upwatch/ca.pem }`);
  const t = tracking((at, message) => fail(['tls', ...at], message));
  for (const key of Object.keys(value)) {
    if (!TLS_KEYS.includes(key)) t.fail([key], unknownKeyMessage(key, TLS_KEYS, 'tls'));
  }
  const caFile = readPemPath(value, 'ca_file', t.fail);
  const certFile = readPemPath(value, 'cert_file', t.fail);
  const keyFile = readPemPath(value, 'key_file', t.fail);
  if (certFile && keyFile === null) t.fail(['key_file'], 'is required with cert_file: the private key of the client certificate');
  if (keyFile && certFile === null) t.fail(['cert_file'], 'is required with key_file: the client certificate the key belongs to');
  const skip = value.skip_verify;
  if (skip !== undefined && skip !== null && typeof skip !== 'boolean') t.fail(['skip_verify'], 'must be true or false, without quotes');
  if (t.failed()) return undefined;
  return { caFile: caFile!, certFile: certFile!, keyFile: keyFile!, skipVerify: skip === true };
}

/**
 * Settings → the `tls` block as people write it, every key present.
 * @example tlsClientOutput(NO_TLS_CLIENT_SETTINGS) // { ca_file: null, cert_file: null, key_file: null, skip_verify: false }
 */
export function tlsClientOutput(s: TlsClientSettings): { ca_file: string | null; cert_file: string | null; key_file: string | null; skip_verify: boolean } {
  return { ca_file: s.caFile, cert_file: s.certFile, key_file: s.keyFile, skip_verify: s.skipVerify };
}

/**
 * What is risky about the block, for the monitor's visible warnings.
 * @example tlsClientWarnings({ ...NO_TLS_CLIENT_SETTINGS, skipVerify: true }).length // 1
 */
export function tlsClientWarnings(s: TlsClientSettings): string[] {
  return s.skipVerify ? ['TLS verification is off (tls.skip_verify): an expired, self-signed or wrong-name certificate is not reported'] : [];
}

/**
 * The options for `tls.connect` the block stands for. Files are re-read only when they change
 * (a rotated certificate is picked up at the next check); a file gone unreadable since the
 * config was loaded throws a TlsClientFileError naming the field and the path.
 * @example tls.connect({ host, port, ...loadTlsClientOptions(settings.tls) })
 */
export function loadTlsClientOptions(s: TlsClientSettings): { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } {
  const options: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } = { rejectUnauthorized: !s.skipVerify };
  // Node's `ca` replaces the default roots; a private CA is meant to be trusted besides them.
  if (s.caFile !== null) options.ca = `${defaultRoots()}\n${cachedPem(s.caFile, 'ca_file')}`;
  if (s.certFile !== null) options.cert = cachedPem(s.certFile, 'cert_file');
  if (s.keyFile !== null) options.key = cachedPem(s.keyFile, 'key_file');
  return options;
}

function readPemPath(block: Record<string, unknown>, key: FileKey, fail: Fail): string | null | undefined {
  const value = block[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') return void fail([key], 'must be the path of a PEM file, such as /etc/upwatch/ca.pem');
  try {
    // The content is never shown: a key file's content is the secret.
    if (!readPem(value).includes('-----BEGIN')) return void fail([key], `${value} is not a PEM file (no "-----BEGIN" line)`);
  } catch (err) {
    return void fail([key], `cannot read ${value}: ${fileProblem(err)}`);
  }
  return value;
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  ino: number;
  text: string;
}

// Checks run every minute; a stat is cheap, reading and re-parsing the same PEM is not needed.
const fileCache = new Map<string, CachedFile>();

function cachedPem(path: string, key: FileKey): string {
  try {
    const stat = statSync(path);
    const cached = fileCache.get(path);
    // A rotation by rename keeps the size and maybe the mtime; the inode tells it apart.
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size && cached.ino === stat.ino) return cached.text;
    const text = readPem(path);
    fileCache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino, text });
    return text;
  } catch (err) {
    fileCache.delete(path);
    throw new TlsClientFileError(`tls.${key}: cannot read ${path}: ${fileProblem(err)}`, { cause: err });
  }
}

// A CA bundle is a few hundred KiB at most; anything larger is not what the key names.
const MAX_PEM_BYTES = 1024 * 1024;

/**
 * Reads a PEM file, refusing what is not a regular file of a sane size first: /dev/zero would
 * read forever and a FIFO would block the process.
 */
function readPem(path: string): string {
  const stat = statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'UPWATCH_NOT_A_FILE' });
  if (stat.size > MAX_PEM_BYTES) throw Object.assign(new Error('too large'), { code: 'UPWATCH_FILE_TOO_LARGE' });
  return readFileSync(path, 'utf8');
}

let roots: string | undefined;

/** Node's trusted roots: the store it uses itself where it can say so (Node ≥ 22.15), else its bundled list. */
function defaultRoots(): string {
  if (roots === undefined) {
    const getCACertificates = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
    roots = (typeof getCACertificates === 'function' ? getCACertificates('default') : tls.rootCertificates).join('\n');
  }
  return roots;
}

function fileProblem(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'UPWATCH_NOT_A_FILE':
      return 'it is not a regular file';
    case 'UPWATCH_FILE_TOO_LARGE':
      return `it is larger than ${MAX_PEM_BYTES / 1024 / 1024} MiB, too large for a certificate or key`;
    default:
      return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  }
}
