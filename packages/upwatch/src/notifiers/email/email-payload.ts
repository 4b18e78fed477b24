// The message follows nodemailer's message fields (https://nodemailer.com/message/: subject, text,
// html, priority, headers, messageId, inReplyTo, references), which become an RFC 5322 mail
// (https://www.rfc-editor.org/rfc/rfc5322) with a multipart/alternative body, plain text first
// and HTML last, the part a client prefers (https://www.rfc-editor.org/rfc/rfc2046#section-5.1.4).
// Auto-Submitted keeps vacation responders quiet (https://www.rfc-editor.org/rfc/rfc3834#section-5).
import type { Alert } from '../../core/alert.js';
import type { AlertContent } from '../alert-content.js';

/** What one alert says as a mail; the notifier adds the sender, the recipients and the transport. */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  priority: 'high' | 'normal';
  headers: Record<string, string>;
  /** Stable for one alert, so a retried send is one message to a client that drops duplicates. */
  messageId: string;
  /** The incident's first mail, so the down, its reminders and the recovery read as one thread. */
  inReplyTo: string | null;
  references: string | null;
}

export interface EmailMessageOptions {
  /** The right-hand side of the Message-IDs: the sender's domain, as RFC 5322 §3.6.4 suggests. */
  domain: string;
}

// RFC 5322 §2.1.1 limits a header line to 998 characters and advises 78; nodemailer folds long
// subjects, but a mail client shows about a line of it, and the facts below carry the detail.
export const MAX_SUBJECT_CHARS = 200;
// No limit in the format (quoted-printable wraps long lines); this keeps one runaway error text
// from making the mail larger than a server's SIZE limit or unreadable on a phone.
export const MAX_FACT_CHARS = 1_000;

const COLOURS: Record<AlertContent['severity'], string> = {
  critical: '#cf222e',
  warning: '#9a6700',
  resolved: '#1a7f37',
  info: '#0969da',
};

/**
 * Lays an alert out as a mail with a plain-text and an HTML part that say the same thing.
 * @example emailMessage(alertContent(alert, { publicUrl: null }), alert, { domain: 'example.com' }).subject // 'api is DOWN: …'
 */
export function emailMessage(content: AlertContent, alert: Alert, options: EmailMessageOptions): EmailMessage {
  const facts = content.facts.map((f) => ({ label: f.label, value: truncate(f.value, MAX_FACT_CHARS) }));
  const footer = `upwatch · ${content.event} alert ${alert.id} · ${new Date(content.at).toISOString()}`;
  const thread = alert.incident ? msgId(`incident-${alert.incident.id}`, options.domain) : null;
  // The down opens the thread: its Message-ID is the one every later mail of the incident names.
  const opensThread = thread !== null && alert.type === 'down';
  return {
    subject: truncate(oneLine(content.title), MAX_SUBJECT_CHARS),
    text: plainText(content, facts, footer),
    html: html(content, facts, footer),
    priority: content.severity === 'critical' ? 'high' : 'normal',
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Upwatch-Event': content.event,
      'X-Upwatch-Alert-Id': oneLine(alert.id),
      'X-Upwatch-Monitor': oneLine(content.monitor.id),
    },
    messageId: opensThread ? thread : msgId(`alert-${alert.id}`, options.domain),
    inReplyTo: opensThread ? null : thread,
    references: opensThread ? null : thread,
  };
}

type Fact = AlertContent['facts'][number];

function plainText(content: AlertContent, facts: Fact[], footer: string): string {
  const width = Math.max(0, ...facts.map((f) => f.label.length)) + 2;
  const lines = [content.title, '', content.summary, ''];
  if (content.nextStep) lines.push(`Next step: ${content.nextStep}`, '');
  for (const fact of facts) lines.push(`${`${fact.label}:`.padEnd(width)}${fact.value}`);
  if (facts.length > 0) lines.push('');
  if (content.link) lines.push(`Open in upwatch: ${content.link}`, '');
  // "-- " with its trailing space is the signature separator mail clients recognise.
  lines.push('-- ', footer, '');
  return lines.join('\n');
}

function html(content: AlertContent, facts: Fact[], footer: string): string {
  // Inline styles and layout tables: many mail clients drop <style> blocks and ignore CSS layout.
  const colour = COLOURS[content.severity];
  const rows = facts
    .map(
      (f) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:#57606a;font-weight:600;white-space:nowrap">${escapeHtml(f.label)}</th>` +
        `<td style="vertical-align:top;padding:4px 0;word-break:break-word">${escapeHtml(f.value)}</td></tr>`,
    )
    .join('\n');
  const parts = [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(content.title)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#f6f8fa;font-family:-apple-system,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif;color:#1f2328">',
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;margin:0 auto;background:#ffffff;border-top:4px solid ${colour}">`,
    '<tr><td style="padding:20px 24px">',
    `<h1 style="margin:0 0 12px;font-size:20px;line-height:1.3;color:${colour}">${escapeHtml(content.title)}</h1>`,
    `<p style="margin:0 0 12px;font-size:15px;line-height:1.5">${escapeHtml(content.summary)}</p>`,
  ];
  if (content.nextStep) parts.push(`<p style="margin:0 0 16px;font-size:15px;line-height:1.5"><strong>Next step:</strong> ${escapeHtml(content.nextStep)}</p>`);
  if (rows) parts.push(`<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;line-height:1.4;width:100%">\n${rows}\n</table>`);
  if (content.link) {
    parts.push(
      `<p style="margin:20px 0 0"><a href="${escapeHtml(content.link)}" style="display:inline-block;padding:10px 16px;background:${colour};color:#ffffff;text-decoration:none;font-weight:600">Open in upwatch</a></p>`,
    );
  }
  parts.push(
    '</td></tr>',
    `<tr><td style="padding:12px 24px;font-size:12px;color:#57606a;border-top:1px solid #d0d7de">${escapeHtml(footer)}</td></tr>`,
    '</table>',
    '</body></html>',
    '',
  );
  return parts.join('\n');
}

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example escapeHtml('<b> & "x"') // '&lt;b&gt; &amp; &quot;x&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\0]+/g, ' ');
}

/** A msg-id (RFC 5322 §3.6.4): dot-atom text on the left, so anything else in an id becomes '-'. */
function msgId(local: string, domain: string): string {
  const left = local.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-').replace(/\.{2,}/g, '.').replace(/^\.|\.$/g, '-');
  return `<${left}@${domain}>`;
}
