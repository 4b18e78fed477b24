import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { requiredFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

const SMTPS_PORT = 465;
const SUBMISSION_PORT = 587;

/** `type: email` in the config file: sends each alert as a mail through an SMTP server. */
export const EmailConfigSchema = Type.Object(
  {
    type: Type.Literal('email'),
    from: Type.String({ description: 'the sender, such as upwatch@example.com or "upwatch <upwatch@example.com>"', examples: ['upwatch@example.com'] }),
    to: Type.Union([Type.String(), Type.Array(Type.String())], {
      description: 'an address or a list of addresses to send alerts to, such as [ops@example.com]',
      examples: [['ops@example.com']],
    }),
    smtp: Type.Object(
      {
        host: Type.String({ description: 'the SMTP server to send through, such as smtp.example.com', examples: ['smtp.example.com'] }),
        port: Type.Optional(
          Type.Union([Type.Integer(), Type.String()], {
            description: 'a port number: 587 (submission with STARTTLS, the default) or 465 (TLS from the first byte, with secure: true)',
            examples: [587],
          }),
        ),
        secure: Type.Optional(
          Type.Boolean({ description: 'true or false: true speaks TLS from the first byte (port 465); false upgrades with STARTTLS (port 587)' }),
        ),
        user: Type.Optional(Type.String({ description: 'the SMTP login (AUTH PLAIN or LOGIN); leave out user and pass for a relay without login', examples: ['${SMTP_USER}'] })),
        pass: Type.Optional(Type.String({ description: 'the SMTP password; never written to a log or an error', examples: ['${SMTP_PASS}'] })),
        require_tls: Type.Optional(
          Type.Boolean({
            description: 'true or false: refuse to send unless STARTTLS succeeds; on by default when user and pass are set, so a password never crosses the network in clear',
          }),
        ),
        ca_file: Type.Optional(
          Type.String({
            description: 'a PEM file of the certificate authority (or the self-signed certificate) the server\'s certificate is checked against, for a private mail server',
            examples: ['/etc/upwatch/smtp-ca.pem'],
          }),
        ),
      },
      { additionalProperties: false, description: 'a map with host, port, secure, user and pass' },
    ),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default): the most one mail may take, connecting included', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type EmailConfigInput = Static<typeof EmailConfigSchema>;

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  /** Both null for a relay without login; never one without the other. */
  user: string | null;
  pass: string | null;
  requireTls: boolean;
  /** The PEM text of `ca_file`, read once when the config is loaded; null trusts the system's CAs. */
  ca: string | null;
}

export interface EmailConfig {
  type: 'email';
  name: string;
  from: string;
  to: string[];
  smtp: SmtpSettings;
  timeoutMs: number;
}

/**
 * Checks what the schema cannot say (addresses, a port in range, a login given whole, a readable
 * CA file) and applies defaults. Problems inside `smtp` are keyed `smtp.<key>`.
 * @example emailConfigFrom({ type: 'email', from: 'upwatch@example.com', to: 'ops@example.com', smtp: { host: 'smtp.example.com' } }, 'mail').config.smtp.port // 587
 */
export function emailConfigFrom(input: EmailConfigInput, name: string): NotifierConfigResult<EmailConfig> {
  const errors: NotifierConfigError[] = [];
  const from = addressFrom('from', input.from, errors);
  const list = typeof input.to === 'string' ? [input.to] : input.to;
  if (list.length === 0) errors.push({ key: 'to', message: 'is empty: list at least one address, such as [ops@example.com]' });
  const to = list.map((address) => addressFrom('to', address, errors));

  const smtp = input.smtp;
  const host = requiredFrom('smtp.host', smtp.host, errors, 'the SMTP server, such as smtp.example.com');
  if (/[\s/]/.test(host) || (host.includes(':') && isIP(host) !== 6)) {
    errors.push({ key: 'smtp.host', message: 'must be a host name or an IP address, without a scheme, port or path (the port goes in smtp.port)' });
  }
  const port = portFrom(smtp.port, smtp.secure, errors);
  // 465 is implicit TLS; any other port starts in clear and upgrades.
  const secure = smtp.secure ?? port === SMTPS_PORT;
  if (port === SMTPS_PORT && !secure) errors.push({ key: 'smtp.secure', message: 'must be true on port 465, which speaks TLS from the first byte (or use port 587 with secure: false)' });
  if (port === SUBMISSION_PORT && secure) errors.push({ key: 'smtp.secure', message: 'must be false on port 587, which upgrades with STARTTLS (or use port 465 with secure: true)' });

  const { user, pass } = loginFrom(smtp.user, smtp.pass, errors);
  const requireTls = smtp.require_tls ?? user !== null;
  const ca = smtp.ca_file === undefined ? null : caFrom(smtp.ca_file, errors);
  const timeoutMs = timeoutFrom(input.timeout, errors);

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'email', name, from, to, smtp: { host, port, secure, user, pass, requireTls, ca }, timeoutMs } };
}

// Deliberately loose: the SMTP server is the judge of an address; this catches the mistakes a
// config file makes (an empty ${VAR}, a list written as one string, a stray line break).
const BARE_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const NAMED_ADDRESS = /^[^<>\r\n]*<([^\s@<>",;]+@[^\s@<>",;]+)>$/;

function addressFrom(key: string, value: string, errors: NotifierConfigError[]): string {
  const text = value.trim();
  if (text === '') errors.push({ key, message: 'has an empty address (an unset ${VAR} reads as empty)' });
  else if (/[\r\n\0]/.test(text)) errors.push({ key, message: 'must not contain line breaks' });
  else if (text.includes(',') && !NAMED_ADDRESS.test(text)) errors.push({ key, message: `"${text}" holds several addresses: write them as a list, such as [a@example.com, b@example.com]` });
  else if (!BARE_ADDRESS.test(text) && !NAMED_ADDRESS.test(text)) errors.push({ key, message: `"${text}" is not an address such as ops@example.com or "Ops <ops@example.com>"` });
  return text;
}

function portFrom(value: number | string | undefined, secure: boolean | undefined, errors: NotifierConfigError[]): number {
  if (value === undefined) return secure ? SMTPS_PORT : SUBMISSION_PORT;
  // A string comes from `port: "${SMTP_PORT}"`: YAML cannot know the variable holds a number.
  const port = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    errors.push({ key: 'smtp.port', message: 'must be a port number from 1 to 65535, such as 587 or 465' });
    return SUBMISSION_PORT;
  }
  return port;
}

function loginFrom(user: string | undefined, pass: string | undefined, errors: NotifierConfigError[]): { user: string | null; pass: string | null } {
  if (user === undefined && pass === undefined) return { user: null, pass: null };
  if (user === undefined) {
    errors.push({ key: 'smtp.user', message: 'is required with smtp.pass: set both, or neither for a relay without login' });
    return { user: null, pass: null };
  }
  if (pass === undefined) {
    errors.push({ key: 'smtp.pass', message: 'is required with smtp.user: set both, or neither for a relay without login' });
    return { user: null, pass: null };
  }
  const login = requiredFrom('smtp.user', user, errors, 'the SMTP login');
  // The password is taken as written: spaces can be part of it. Only emptiness is checked, and
  // nothing about it is ever quoted back.
  if (pass === '') errors.push({ key: 'smtp.pass', message: 'is empty: set it to the SMTP password (an unset ${VAR} reads as empty)' });
  return { user: login, pass };
}

function caFrom(path: string, errors: NotifierConfigError[]): string | null {
  const file = path.trim();
  if (file === '') {
    errors.push({ key: 'smtp.ca_file', message: 'is empty: set it to a PEM file, or remove the key to trust the system\'s certificate authorities' });
    return null;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    errors.push({ key: 'smtp.ca_file', message: `cannot read ${file}: ${readError(err)}` });
    return null;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    errors.push({ key: 'smtp.ca_file', message: `${file} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)` });
    return null;
  }
  return text;
}

function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file (ENOENT)';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'EISDIR') return 'it is a directory, not a file (EISDIR)';
  return err instanceof Error ? err.message : String(err);
}
