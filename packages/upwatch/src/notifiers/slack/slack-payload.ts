// The body of a Slack incoming webhook message, laid out in Block Kit. Shapes and limits from:
//   https://api.slack.com/messaging/webhooks (incoming webhooks: `text` plus `blocks`)
//   https://docs.slack.dev/reference/block-kit/blocks/header-block (plain_text, at most 150 characters)
//   https://docs.slack.dev/reference/block-kit/blocks/section-block (text ≤ 3000; fields ≤ 10, each ≤ 2000)
//   https://docs.slack.dev/reference/block-kit/blocks/context-block (elements ≤ 10)
//   https://docs.slack.dev/reference/block-kit/block-elements/button-element (text ≤ 75, url ≤ 3000)
//   https://api.slack.com/reference/surfaces/formatting (escape &, <, >; verbatim; <!date^…> dates)
import type { Alert } from '../../core/alert.js';
import type { AlertContent } from '../alert-content.js';

export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}

export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
  /** True: Slack does not turn bare URLs, #channels or @mentions in our text into links or pings. */
  verbatim: boolean;
}

export interface SlackButton {
  type: 'button';
  text: SlackPlainText;
  url: string;
  action_id: string;
}

export type SlackBlock =
  | { type: 'header'; text: SlackPlainText }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'section'; fields: SlackMrkdwn[] }
  | { type: 'context'; elements: SlackMrkdwn[] }
  | { type: 'actions'; elements: SlackButton[] };

export interface SlackPayload {
  /** The notification and screen-reader text, and what clients without blocks show. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented limits, in characters. */
export const SLACK_LIMITS = {
  header: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonUrl: 3000,
} as const;

const SEVERITY_EMOJI: Record<AlertContent['severity'], string> = {
  critical: '🔴',
  warning: '🟠',
  resolved: '✅',
  info: 'ℹ️',
};

/**
 * The Block Kit message for an alert: header, summary, the facts as two-column fields, the next
 * step, a context line, and a button to the dashboard when `public_url` is set.
 * @example slackPayload(alertContent(alert, { publicUrl: null }), alert).text // 'api is DOWN: …'
 */
export function slackPayload(content: AlertContent, alert: Alert): SlackPayload {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(fit(`${SEVERITY_EMOJI[content.severity]} ${content.title}`, SLACK_LIMITS.header)) },
    { type: 'section', text: mrkdwn(fit(content.summary, SLACK_LIMITS.sectionText, escapeMrkdwn)) },
  ];

  const fields = content.facts.map((fact) => {
    const label = `*${fit(fact.label, 100, escapeMrkdwn)}*\n`;
    return mrkdwn(label + fit(fact.value, SLACK_LIMITS.fieldText - label.length, escapeMrkdwn));
  });
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection) });
  }

  if (content.nextStep !== null) {
    const lead = '*Next step:* ';
    blocks.push({ type: 'section', text: mrkdwn(lead + fit(content.nextStep, SLACK_LIMITS.sectionText - lead.length, escapeMrkdwn)) });
  }

  blocks.push({ type: 'context', elements: [mrkdwn(contextLine(content, alert))] });

  // A cut URL would lead nowhere: a link too long for the button is left out rather than shortened.
  if (content.link !== null && content.link.length <= SLACK_LIMITS.buttonUrl) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: plain('Open in upwatch'), url: content.link, action_id: 'upwatch-open-monitor' }],
    });
  }

  return { text: fit(content.title, SLACK_LIMITS.sectionText, escapeMrkdwn), blocks };
}

/**
 * Slack reads &, < and > as control characters in mrkdwn; everything else is shown as sent.
 * @example escapeMrkdwn('<!channel> & co') // '&lt;!channel&gt; &amp; co'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// "upwatch · down · incident inc-1 · <date>": Slack renders the date in each reader's own time zone,
// and falls back to UTC where it cannot.
function contextLine(content: AlertContent, alert: Alert): string {
  const parts = ['upwatch', content.event];
  if (alert.incident !== null) parts.push(`incident ${fit(alert.incident.id, 200, escapeMrkdwn)}`);
  const seconds = Math.floor(content.at / 1000);
  const utc = new Date(content.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  parts.push(`<!date^${seconds}^{date_short_pretty} {time_secs}|${utc}>`);
  return parts.join(' · ');
}

function plain(text: string): SlackPlainText {
  return { type: 'plain_text', text, emoji: true };
}

function mrkdwn(text: string): SlackMrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

/**
 * `text` escaped, and cut with an ellipsis so that it fits `max` UTF-16 units (never more
 * characters than Slack counts). The cut falls between characters, so it never splits an emoji's
 * surrogate pair or an escape such as &amp;.
 */
function fit(text: string, max: number, escape: (text: string) => string = (t) => t): string {
  const whole = escape(text);
  if (whole.length <= max) return whole;
  let kept = '';
  for (const char of text) {
    const piece = escape(char);
    if (kept.length + piece.length > max - 1) break;
    kept += piece;
  }
  return `${kept}…`;
}
