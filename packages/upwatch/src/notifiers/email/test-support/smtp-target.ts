import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAuthenticationMethod, type SMTPServerSession } from 'smtp-server';
import type { KeyAndCert } from '../../../test-support/certs.js';

/** One message the server accepted, with how it arrived. */
export interface ReceivedMail {
  from: string | null;
  to: string[];
  /** The whole message as sent after DATA, CRLF line ends. */
  raw: string;
  /** True when the message came over TLS (implicit, or upgraded with STARTTLS). */
  secure: boolean;
  /** The user the session logged in as; null without AUTH. */
  user: string | null;
}

/** One AUTH attempt, with the method the client chose and whether the password matched. */
export interface AuthAttempt {
  method: SMTPServerAuthenticationMethod;
  username: string | null;
  accepted: boolean;
}

/** Where the server answers with an error instead of going on. */
export interface SmtpRejection {
  at: 'MAIL FROM' | 'RCPT TO' | 'DATA';
  code: number;
  message: string;
}

export interface SmtpTargetOptions {
  /** Served over STARTTLS, or from the first byte when `secure`. */
  certificate: KeyAndCert;
  /** Implicit TLS, as on port 465. */
  secure?: boolean;
  /** Accounts the server knows; without any, AUTH is not offered and not needed. */
  users?: Record<string, string>;
  authMethods?: SMTPServerAuthenticationMethod[];
  /** No STARTTLS: left out of the EHLO reply and refused when sent anyway, as by a server that cannot upgrade. */
  noStartTls?: boolean;
  /** The text of the 535 reply to a wrong password; a careless server might quote what it was given. */
  authFailureText?: (password: string) => string;
}

export interface SmtpTarget {
  host: '127.0.0.1';
  port: number;
  readonly messages: ReceivedMail[];
  readonly auths: AuthAttempt[];
  /** Makes the next commands at `at` fail with this reply; null accepts everything again. */
  reject(rejection: SmtpRejection | null): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port (smtp-server, the same protocol engine many
 * Node mail servers use), recording what reaches it.
 * @example const smtp = await startSmtpTarget({ certificate: certs.localhost }); … await smtp.close();
 */
export async function startSmtpTarget(options: SmtpTargetOptions): Promise<SmtpTarget> {
  const messages: ReceivedMail[] = [];
  const auths: AuthAttempt[] = [];
  const users = options.users ?? {};
  const needsAuth = Object.keys(users).length > 0;
  let rejection: SmtpRejection | null = null;
  const failAt = (at: SmtpRejection['at']): Error | null => {
    if (rejection?.at !== at) return null;
    return Object.assign(new Error(rejection.message), { responseCode: rejection.code });
  };

  const server = new SMTPServer({
    secure: options.secure ?? false,
    key: options.certificate.key,
    cert: options.certificate.cert,
    authOptional: !needsAuth,
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
    hideSTARTTLS: options.noStartTls ?? false,
    disabledCommands: options.noStartTls ? ['STARTTLS'] : [],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      const password = auth.username === undefined ? undefined : users[auth.username];
      const accepted = password !== undefined && auth.password === password;
      auths.push({ method: auth.method, username: auth.username ?? null, accepted });
      if (!accepted) {
        const text = options.authFailureText?.(auth.password ?? '') ?? '5.7.8 Authentication credentials invalid';
        return callback(Object.assign(new Error(text), { responseCode: 535 }));
      }
      callback(null, { user: auth.username });
    },
    onMailFrom(_address, _session, callback) {
      callback(failAt('MAIL FROM'));
    },
    onRcptTo(_address, _session, callback) {
      callback(failAt('RCPT TO'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const error = failAt('DATA');
        if (error) return callback(error);
        messages.push(received(session, Buffer.concat(chunks).toString('utf8')));
        callback(null, 'queued');
      });
    },
  });
  server.on('error', () => {}); // a client dropping the connection (a failed TLS check, say) is the test, not an error
  const listening = server.listen(0, '127.0.0.1');
  await once(listening, 'listening');
  const { port } = listening.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    messages,
    auths,
    reject(next) {
      rejection = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function received(session: SMTPServerSession, raw: string): ReceivedMail {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    from: mailFrom ? mailFrom.address : null,
    to: rcptTo.map((r) => r.address),
    raw,
    secure: session.secure,
    user: typeof session.user === 'string' ? session.user : null,
  };
}

/** A part of a parsed message: its headers (names lower-cased, values unfolded) and decoded body. */
export interface MimePart {
  headers: Map<string, string>;
  body: string;
  parts: MimePart[];
}

/**
 * Just enough of MIME (RFC 2045–2047) to read back what nodemailer wrote: unfolded headers,
 * encoded-word subjects, multipart bodies, quoted-printable and base64 parts.
 * @example parseMime(mail.raw).parts.map((p) => p.headers.get('content-type'))
 */
export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const content = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = content.split(`--${boundary}`).slice(1);
    const parts = sections.filter((s) => !s.startsWith('--')).map((s) => parseMime(s.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, body: '', parts };
  }
  return { headers, body: decodeBody(content, headers.get('content-transfer-encoding') ?? '7bit'), parts: [] };
}

function decodeBody(content: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return quotedPrintable(content.replace(/=\r\n/g, ''));
    default:
      return content;
  }
}

function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' ')),
    );
}
