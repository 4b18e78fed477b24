import type { SendResult } from '../notifier.js';

/** The fields nodemailer puts on the errors it hands back (NodemailerError in its types). */
interface SmtpError {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  message?: unknown;
}

export interface SmtpFailureContext {
  /** The notifier's own deadline passed: the send was cut short, not refused. */
  timedOut: boolean;
  timeoutMs: number;
  /** Upwatch is stopping: the outbox will try again after the restart. */
  cancelled: boolean;
  /** Texts that must never reach the delivery log: the password and its encodings on the wire. */
  secrets: readonly string[];
}

const MAX_ERROR_CHARS = 500;

// Errors that say the settings or the message are wrong: sending the same again gets the same.
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS']);
// What OpenSSL and Node call a certificate the client would not trust.
const TLS_TRUST = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|^ERR_TLS_/;

/**
 * What an SMTP failure means for the outbox: a 4xx reply, a dropped connection or a timeout may
 * pass and is retried; a 5xx reply, a refused login, a certificate we do not trust or a rejected
 * address will not, and is reported at once. The SMTP code, when there is one, leads the error.
 * @example smtpSendResult(err, { timedOut: false, timeoutMs: 10_000, cancelled: false, secrets: [pass] }) // { ok: false, retryable: false, error: 'login refused: SMTP 535 …' }
 */
export function smtpSendResult(err: unknown, context: SmtpFailureContext): SendResult {
  const e: SmtpError = typeof err === 'object' && err !== null ? (err as SmtpError) : { message: String(err) };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const cause = typeof e.originalCode === 'string' ? e.originalCode : code;
  const replyCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = commandName(e.command);
  const at = command ? ` after ${command}` : '';
  const fail = (retryable: boolean, error: string): SendResult => ({ ok: false, retryable, httpStatus: null, error: clean(error, context.secrets) });

  if (context.timedOut) return fail(true, `no answer from the SMTP server within ${seconds(context.timeoutMs)}${command ? ` (at ${command})` : ''}`);
  if (context.cancelled || code === 'EABORT') return fail(true, 'cancelled before the SMTP server took the message (upwatch is stopping)');
  if (replyCode !== undefined && replyCode >= 400 && replyCode < 600) {
    const reply = replyText(e.response, replyCode);
    const what = code === 'EAUTH' ? 'login refused: ' : '';
    const hint = command === 'STARTTLS' && replyCode >= 500 ? '; the server cannot upgrade to TLS, and smtp.require_tls keeps the login off a clear connection' : '';
    // RFC 5321 §4.2.1: 4yz is a transient failure, 5yz a permanent one.
    return fail(replyCode < 500, `${what}SMTP ${replyCode}${at}${reply ? `: ${reply}` : ''}${hint}`);
  }
  const message = typeof e.message === 'string' ? e.message : 'unknown error';
  if (cause !== undefined && /^ERR_SSL_/.test(cause)) {
    // OpenSSL's own text here is a source line; what it means is that one side spoke TLS and the other did not.
    return fail(false, `TLS failed (${cause}): the server did not answer in TLS; check smtp.secure (true for TLS from the first byte, as on port 465; false for STARTTLS, as on port 587)`);
  }
  if (cause !== undefined && TLS_TRUST.test(cause)) return fail(false, `TLS failed (${cause}): ${message.replace(/[:;.\s]+$/, '')}; ${certificateHint(cause)}`);
  if (code === 'ETLS') return fail(false, `TLS failed: ${message}`);
  if (code === 'EAUTH' || code === 'ENOAUTH') return fail(false, `login failed: ${message}`);
  if (code !== undefined && PERMANENT_CODES.has(code)) return fail(false, `${code}: ${message}`);
  // Connection refused or reset, DNS, a garbled reply: the server or the path may come back.
  return fail(true, cause ? `${cause}: ${message}` : message);
}

function certificateHint(cause: string): string {
  if (cause === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'smtp.host must be a name (or address) that the server\'s certificate lists';
  if (/EXPIRED|NOT_YET_VALID/.test(cause)) return 'the server\'s certificate is outside its validity period: renew it on the mail server';
  return 'for a private or self-signed certificate, trust it (or its CA) with smtp.ca_file';
}

/** The SMTP verb an error came from, without its arguments: `AUTH PLAIN` carries the credentials. */
function commandName(command: unknown): string | undefined {
  if (typeof command !== 'string') return undefined;
  return /^(AUTH [A-Z0-9_-]+|MAIL FROM|RCPT TO|[A-Z]{4,8})\b/i.exec(command.trim())?.[1]?.toUpperCase();
}

/** The server's reply without its leading code, on one line. */
function replyText(response: unknown, replyCode: number): string {
  if (typeof response !== 'string') return '';
  return response
    .replace(new RegExp(`^${replyCode}[ -]?`), '')
    .replace(new RegExp(`[\\r\\n]+${replyCode}[ -]?`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function clean(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\s+/g, ' ').trim();
  // Longest first, so a secret inside another is not half replaced.
  for (const secret of [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
  return out.length > MAX_ERROR_CHARS ? `${out.slice(0, MAX_ERROR_CHARS - 1)}…` : out;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
