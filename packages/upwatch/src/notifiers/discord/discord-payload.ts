// The JSON body of Discord's Execute Webhook: one rich embed per alert. Shapes and limits from:
//   https://discord.com/developers/docs/resources/webhook#execute-webhook (embeds, allowed_mentions, ?wait)
//   https://discord.com/developers/docs/resources/message#embed-object (title, description, url, timestamp, color, footer, fields)
//   https://discord.com/developers/docs/resources/message#embed-object-embed-limits (title 256, description 4096,
//     25 fields of name 256 / value 1024, footer 2048, and 6000 characters across them all, or a 400)
//   https://discord.com/developers/docs/resources/message#allowed-mentions-object (parse: [] pings no one)
//   https://support.discord.com/hc/en-us/articles/210298617 (markdown; a backslash shows the next symbol as is)
import type { Alert } from '../../core/alert.js';
import type { AlertContent } from '../alert-content.js';
import { truncateEscapedText } from '../truncate-text.js';

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline: boolean;
}

export interface DiscordEmbed {
  title: string;
  description: string;
  /** Makes the title a link to the monitor's dashboard page; absent without `public_url`. */
  url?: string;
  color: number;
  /** ISO 8601; Discord shows it beside the footer in each reader's own time zone. */
  timestamp: string;
  fields: DiscordEmbedField[];
  footer: { text: string };
}

export interface DiscordPayload {
  /** Nothing in an alert may ping: a server's error text could contain @everyone or a role mention. */
  allowed_mentions: { parse: [] };
  embeds: [DiscordEmbed];
}

/** Discord's documented embed limits, in characters. */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;

/** Discord's own palette: red, yellow, green, blurple. */
export const DISCORD_COLORS: Record<AlertContent['severity'], number> = {
  critical: 0xed4245,
  warning: 0xfee75c,
  resolved: 0x57f287,
  info: 0x5865f2,
};

// A field value this short sits beside others (up to three a row); longer ones get the full width.
const INLINE_MAX = 40;
// The smallest value worth showing: below this a fact is left out rather than shown as a stub.
const MIN_VALUE = 16;

/**
 * The embed for an alert: the title linking to the dashboard, the summary and next step, the facts
 * as fields, colour by severity. Every text is escaped and cut to fit each limit and the 6000 total.
 * @example discordPayload(alertContent(alert, { publicUrl: null }), alert).embeds[0].title // 'api is DOWN: …'
 */
export function discordPayload(content: AlertContent, alert: Alert): DiscordPayload {
  const title = truncateEscapedText(escapeMarkdown(content.title), DISCORD_LIMITS.title);
  // Summary and next step get half the room each, so a long one never crowds out the other.
  const half = Math.floor((DISCORD_LIMITS.description - 20) / 2);
  const description =
    truncateEscapedText(escapeMarkdown(content.summary), half) + (content.nextStep === null ? '' : `\n\n**Next step:** ${truncateEscapedText(escapeMarkdown(content.nextStep), half)}`);
  // The footer is the one text Discord shows without markdown, so it is not escaped.
  const footer = truncateEscapedText(alert.incident === null ? `upwatch · ${content.event}` : `upwatch · ${content.event} · incident ${alert.incident.id}`, 200);

  let room = DISCORD_LIMITS.total - title.length - description.length - footer.length;
  const fields: DiscordEmbedField[] = [];
  for (const fact of content.facts.slice(0, DISCORD_LIMITS.fields)) {
    const name = truncateEscapedText(escapeMarkdown(fact.label), DISCORD_LIMITS.fieldName);
    const space = Math.min(DISCORD_LIMITS.fieldValue, room - name.length);
    if (space < MIN_VALUE) break;
    const value = truncateEscapedText(escapeMarkdown(fact.value), space);
    fields.push({ name, value, inline: value.length <= INLINE_MAX });
    room -= name.length + value.length;
  }

  const embed: DiscordEmbed = {
    title,
    description,
    color: DISCORD_COLORS[content.severity],
    timestamp: new Date(content.at).toISOString(),
    fields,
    footer: { text: footer },
  };
  if (content.link !== null) embed.url = content.link;
  return { allowed_mentions: { parse: [] }, embeds: [embed] };
}

/**
 * Text shown as sent: a backslash before each symbol Discord's markdown would act on inline
 * (bold, italics, strike, code, spoilers, masked links, mentions and timestamps), and before the
 * ones that only count at the start of a line (headings, lists, quotes).
 * @example escapeMarkdown('**api** <@&1>') // '\\*\\*api\\*\\* \\<@&1\\>'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|[\]()<>]/g, '\\$&')
    .replace(/^(\s*)([#+-]|\d+\.)/gm, (_, space: string, mark: string) => `${space}${mark.replace(/[#+.-]/, '\\$&')}`);
}

