// The body of Bot API sendMessage, as documented at
//   https://core.telegram.org/bots/api#sendmessage          (chat_id, text: 1-4096 characters after entities parsing, parse_mode, link_preview_options)
//   https://core.telegram.org/bots/api#html-style           (<b>; every <, > and & outside a tag written as &lt; &gt; &amp;)
//   https://core.telegram.org/bots/api#linkpreviewoptions   (is_disabled)
import type { AlertContent } from '../alert-content.js';
import { truncateText } from '../truncate-text.js';

/** Telegram rejects a longer text with 400 "message is too long"; counted after the HTML is parsed. */
export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramSendMessage {
  chat_id: string;
  text: string;
  parse_mode: 'HTML';
  /** The dashboard link would otherwise unfurl into a preview card bigger than the alert. */
  link_preview_options: { is_disabled: true };
}

const MARKERS: Record<AlertContent['severity'], string> = {
  critical: '🔴',
  warning: '🟠',
  resolved: '✅',
  info: 'ℹ️',
};

/** A run of text on one line; `shrink` marks what may be cut when the message is too long. */
interface Run {
  text: string;
  bold?: boolean;
  shrink?: boolean;
}

/**
 * Lays an alert out as one Telegram HTML message: the title in bold, what it means, the next step,
 * the facts one a line, and the dashboard link. Every value is escaped, so an error line holding
 * `<html>` is shown as text instead of failing the whole message with "can't parse entities".
 * @example telegramPayload(alertContent(alert, { publicUrl: null }), '12345').text // '🔴 <b>api is DOWN: …</b>\n\n…'
 */
export function telegramPayload(content: AlertContent, chatId: string): TelegramSendMessage {
  const lines: Run[][] = [[{ text: `${MARKERS[content.severity]} ` }, { text: content.title, bold: true, shrink: true }], [], [{ text: content.summary, shrink: true }]];
  if (content.nextStep) lines.push([], [{ text: 'Next step: ', bold: true }, { text: content.nextStep, shrink: true }]);
  if (content.facts.length > 0) lines.push([]);
  for (const fact of content.facts) lines.push([{ text: `${fact.label}: `, bold: true }, { text: fact.value, shrink: true }]);
  // The link as plain text, which Telegram clients make clickable themselves: an <a href> Telegram
  // judges invalid (a LAN address, say) would risk the whole alert being refused.
  if (content.link) lines.push([], [{ text: 'Open in upwatch: ', bold: true }, { text: content.link }]);
  return {
    chat_id: chatId,
    text: render(fitToLimit(lines, TELEGRAM_TEXT_LIMIT)),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
}

/**
 * Cuts the shrinkable runs so the visible text fits: the long ones (a stack trace in `Error`, say)
 * are cut to one common length and the short ones kept whole, so one huge value cannot push the
 * title, the next step or the link out of the message.
 */
function fitToLimit(lines: Run[][], limit: number): Run[][] {
  const runs = lines.flat();
  const fixed = runs.filter((r) => !r.shrink).reduce((n, r) => n + r.text.length, 0) + lines.length - 1;
  const cap = fairShare(
    runs.filter((r) => r.shrink).map((r) => r.text.length),
    limit - fixed,
  );
  return lines.map((line) => line.map((run) => (run.shrink ? { ...run, text: truncateText(run.text, cap) } : run)));
}

/** The largest length such that cutting every longer piece to it keeps the total within `budget`. */
function fairShare(lengths: number[], budget: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let left = budget;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(left / (sorted.length - i));
    if ((sorted[i] ?? 0) > share) return Math.max(share, 0);
    left -= sorted[i] ?? 0;
  }
  return Number.POSITIVE_INFINITY;
}


function render(lines: Run[][]): string {
  return lines
    .map((line) =>
      line
        .map((run) => (run.bold ? `<b>${escapeHtml(run.text)}</b>` : escapeHtml(run.text)))
        .join(''),
    )
    .join('\n');
}

/** The escaping Telegram's HTML mode asks for: every &, < and > that is not markup. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
