import { domainToASCII } from 'node:url';
import { sendDeadline } from '../send-deadline.js';
import type { Transporter } from 'nodemailer';
import type { Alert } from '../../core/alert.js';
import { alertContent } from '../alert-content.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import type { EmailConfig } from './email-config.js';
import { emailMessage } from './email-payload.js';
import { smtpSendResult } from './smtp-send-result.js';

/**
 * Sends each alert as a mail through the configured SMTP server, as plain text and HTML. Nodemailer
 * is loaded on the first send, so a config without an email notifier never pays for it.
 * @example createEmailNotifier('mail', config, { publicUrl: 'https://upwatch.example.com' }).send(alert, context) // { ok: true, httpStatus: null }
 */
export function createEmailNotifier(name: string, config: EmailConfig, deps: NotifierDeps): Notifier {
  const domain = senderDomain(config.from);
  const secrets = passwordForms(config.smtp.user, config.smtp.pass);
  let transporter: Promise<Transporter> | null = null;
  const transport = () => {
    transporter ??= createTransporter(config).catch((err: unknown) => {
      transporter = null; // a failed load is tried again on the next send
      throw err;
    });
    return transporter;
  };

  return {
    name,
    type: 'email',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const message = emailMessage(alertContent(alert, { publicUrl: deps.publicUrl }), alert, { domain });
      // One deadline for the whole exchange: nodemailer's own timeouts are per phase, and a server
      // that answers slowly at every step could otherwise hold the outbox for minutes.
      const deadline = sendDeadline(context.signal, config.timeoutMs);
      try {
        await (await transport()).sendMail({
          from: config.from,
          to: config.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          priority: message.priority,
          headers: { ...message.headers, 'X-Upwatch-Delivery': String(context.deliveryId) },
          messageId: message.messageId,
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
          ...(message.references ? { references: message.references } : {}),
          signal: deadline.signal,
        });
        // A server that took the message for some recipients and refused others has delivered it:
        // a retry would send the accepted ones a second copy.
        return { ok: true, httpStatus: null };
      } catch (err) {
        return smtpSendResult(err, { timedOut: deadline.timedOut() && !context.signal.aborted, timeoutMs: config.timeoutMs, cancelled: context.signal.aborted, secrets });
      } finally {
        deadline.dispose();
      }
    },
  };
}

async function createTransporter(config: EmailConfig): Promise<Transporter> {
  const { createTransport } = await import('nodemailer');
  const { smtp, timeoutMs } = config;
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // Without it nodemailer goes on in clear when the server offers no STARTTLS, login included.
    requireTLS: smtp.requireTls && !smtp.secure,
    ...(smtp.user !== null && smtp.pass !== null ? { auth: { user: smtp.user, pass: smtp.pass } } : {}),
    // `ca` replaces the system's trust store: a private server is trusted for exactly its own CA.
    tls: { minVersion: 'TLSv1.2', ...(smtp.ca !== null ? { ca: smtp.ca } : {}) },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // Its logger would print the SMTP dialogue, and with it the AUTH exchange.
    logger: false,
    debug: false,
  });
}

/** The domain of the sender's address, for Message-IDs; a placeholder if it cannot be read. */
function senderDomain(from: string): string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = domainToASCII(address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase());
  return /^[a-z0-9.-]+$/.test(domain) ? domain : 'upwatch.invalid';
}

/** The password as written and as AUTH PLAIN and LOGIN put it on the wire (base64). */
function passwordForms(user: string | null, pass: string | null): string[] {
  if (pass === null) return [];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [pass, b64(pass), b64(`\0${user ?? ''}\0${pass}`), b64(`${user ?? ''}\0${user ?? ''}\0${pass}`)];
}
