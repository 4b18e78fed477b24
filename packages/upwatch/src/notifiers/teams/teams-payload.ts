// The body a Teams Workflows webhook ("When a Teams webhook request is received") takes: a message
// carrying one Adaptive Card. Shapes and limits from:
//   https://support.microsoft.com/office/8ae491c7-0394-4861-ba59-055e33f75498 (create incoming webhooks with Workflows)
//   https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
//     (`{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }] }`)
//   https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook ("The message size limit is 28 KB")
//   https://adaptivecards.io/explorer/TextBlock.html, /FactSet.html, /Action.OpenUrl.html (schema 1.2)
//   https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features (markdown subset; {{DATE()}} and {{TIME()}})
//   https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format (msteams.width: Full)
import type { Alert } from '../../core/alert.js';
import type { AlertContent } from '../alert-content.js';
import { truncateEscapedText } from '../truncate-text.js';

export interface TeamsTextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Large';
  weight?: 'Bolder';
  color?: 'Attention' | 'Warning' | 'Good' | 'Accent';
  isSubtle?: true;
}

export interface TeamsFactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
}

export interface TeamsAdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  /** 1.2 is the version Microsoft's own webhook example uses: every Teams client renders it. */
  version: '1.2';
  body: Array<TeamsTextBlock | TeamsFactSet>;
  actions?: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>;
  msteams: { width: 'Full' };
}

export interface TeamsPayload {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: TeamsAdaptiveCard }];
}

export const TEAMS_LIMITS = {
  /** Teams' documented cap on a webhook message, read as 28,000 bytes (the stricter reading of KB). */
  messageBytes: 28_000,
  /**
   * What we aim for: the flow re-serialises the card when it posts it, and senders report
   * rejections from about 21 KB, so leave room rather than trust the last kilobytes.
   */
  budgetBytes: 20_000,
} as const;

const SEVERITY_COLOR: Record<AlertContent['severity'], NonNullable<TeamsTextBlock['color']>> = {
  critical: 'Attention',
  warning: 'Warning',
  resolved: 'Good',
  info: 'Accent',
};

// Tried in turn until the card fits the budget: the cap on each long text (summary, next step,
// fact values). Real alerts fit at the first; the rest only matter for huge error lines.
const TEXT_CAPS = [2_000, 1_000, 500, 250, 100, 50];
// A FactSet has no documented length, but a card with hundreds of facts helps no one.
const MAX_FACTS = 30;

/**
 * The Adaptive Card for an alert: title coloured by severity, summary, the facts as a FactSet, the
 * next step, a context line, and a button to the dashboard when `public_url` is set.
 * @example teamsPayload(alertContent(alert, { publicUrl: null }), alert).attachments[0].content.body[0].text // 'api is DOWN: …'
 */
export function teamsPayload(content: AlertContent, alert: Alert): TeamsPayload {
  let payload = build(content, alert, TEXT_CAPS[0]!);
  for (const cap of TEXT_CAPS.slice(1)) {
    if (Buffer.byteLength(JSON.stringify(payload), 'utf8') <= TEAMS_LIMITS.budgetBytes) break;
    payload = build(content, alert, cap);
  }
  return payload;
}

function build(content: AlertContent, alert: Alert, cap: number): TeamsPayload {
  const body: TeamsAdaptiveCard['body'] = [
    { type: 'TextBlock', text: truncateEscapedText(escapeMarkdown(content.title), 300), wrap: true, size: 'Large', weight: 'Bolder', color: SEVERITY_COLOR[content.severity] },
    { type: 'TextBlock', text: truncateEscapedText(escapeMarkdown(content.summary), cap), wrap: true },
  ];
  if (content.facts.length > 0) {
    body.push({
      type: 'FactSet',
      facts: content.facts.slice(0, MAX_FACTS).map((fact) => ({ title: truncateEscapedText(escapeMarkdown(fact.label), 100), value: truncateEscapedText(escapeMarkdown(fact.value), cap) })),
    });
  }
  if (content.nextStep !== null) body.push({ type: 'TextBlock', text: `**Next step:** ${truncateEscapedText(escapeMarkdown(content.nextStep), cap)}`, wrap: true });
  body.push({ type: 'TextBlock', text: contextLine(content, alert), wrap: true, size: 'Small', isSubtle: true });

  const card: TeamsAdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.2',
    body,
    msteams: { width: 'Full' },
  };
  if (content.link !== null) card.actions = [{ type: 'Action.OpenUrl', title: 'Open in upwatch', url: content.link }];
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

/**
 * Text shown as sent: a backslash before what the Adaptive Card markdown subset acts on (bold and
 * italics, links, and lists at the start of a line). It has no HTML, and a mention needs an
 * explicit entity, so nothing else in an error line can turn into markup or a ping.
 * @example escapeMarkdown('api_v2 [x](y)') // 'api\\_v2 \\[x\\](y)'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_[\]]/g, '\\$&')
    .replace(/^(\s*)([+-]|\d+\.)/gm, (_, space: string, mark: string) => `${space}${mark.replace(/[+.-]/, '\\$&')}`);
}

// "upwatch · down · incident inc-1 · Thu, Jan 1, 2026 00:01": Teams writes the date and time in
// each reader's own locale and time zone.
function contextLine(content: AlertContent, alert: Alert): string {
  const iso = new Date(content.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = ['upwatch', content.event];
  if (alert.incident !== null) parts.push(`incident ${truncateEscapedText(escapeMarkdown(alert.incident.id), 200)}`);
  parts.push(`{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`);
  return parts.join(' · ');
}

