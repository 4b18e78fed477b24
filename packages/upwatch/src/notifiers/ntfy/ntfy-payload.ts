// The body of an ntfy publish-as-JSON request, as documented at
//   https://docs.ntfy.sh/publish/#publish-as-json     (topic, title, message, priority 1-5, tags, click; POST to the server root)
//   https://docs.ntfy.sh/publish/#message-priority    (5 = max/urgent: long vibration bursts, pop-over; 3 = default)
//   https://docs.ntfy.sh/publish/#tags-emojis         (a tag that is an emoji short code is shown as that emoji)
//   https://docs.ntfy.sh/publish/#limitations         (a message is at most 4,096 bytes; a longer one becomes an attachment)
import type { AlertEventType } from '../../core/alert.js';
import type { AlertContent } from '../alert-content.js';
import { truncateText } from '../truncate-text.js';

/** Past this many bytes ntfy turns the message into a file attachment, which a phone does not show. */
export const NTFY_MESSAGE_BYTES = 4096;
/** ntfy documents no title limit; a phone shows one line, and a header-sized title is safe everywhere. */
export const NTFY_TITLE_CHARS = 256;
/** One fact may not crowd out the others: a stack trace in `Error` is cut to this. */
const FACT_VALUE_CHARS = 300;

export type NtfyPriority = 1 | 2 | 3 | 4 | 5;

export interface NtfyMessage {
  topic: string;
  title: string;
  /** Plain text: Markdown renders only in the web app, and phones would show the asterisks. */
  message: string;
  priority: NtfyPriority;
  tags: string[];
  /** Opened when the notification is tapped: the monitor's dashboard page. */
  click?: string;
}

// An outage should wake people (5 is ntfy's max: long vibration bursts and a pop-over); a reminder
// of one they already know about is high but not urgent; a recovery or a test makes the normal sound.
const PRIORITIES: Record<AlertEventType, NtfyPriority> = {
  down: 5,
  escalation: 5,
  reminder: 4,
  flapping: 4,
  cert_expiring: 4,
  degraded: 3,
  up: 3,
  test: 3,
};

// Short codes from ntfy's emoji list, shown in front of the title.
const TAGS: Record<AlertEventType, string[]> = {
  down: ['rotating_light'],
  escalation: ['rotating_light', 'sos'],
  reminder: ['hourglass_flowing_sand'],
  flapping: ['arrows_counterclockwise'],
  degraded: ['turtle'],
  cert_expiring: ['lock', 'hourglass_flowing_sand'],
  up: ['white_check_mark'],
  test: ['test_tube'],
};

/**
 * Lays an alert out as one ntfy notification: the title, then what it means, the next step and the
 * facts one a line; tapping it opens the dashboard.
 * @example ntfyPayload(alertContent(alert, { publicUrl: null }), 'ops-alerts').priority // 5 for a down
 */
export function ntfyPayload(content: AlertContent, topic: string): NtfyMessage {
  const blocks = [content.summary];
  if (content.nextStep) blocks.push(`Next step: ${content.nextStep}`);
  if (content.facts.length > 0) blocks.push(content.facts.map((f) => `${f.label}: ${truncateText(f.value, FACT_VALUE_CHARS)}`).join('\n'));
  const message: NtfyMessage = {
    topic,
    title: truncateText(content.title, NTFY_TITLE_CHARS),
    message: truncateBytes(blocks.join('\n\n'), NTFY_MESSAGE_BYTES),
    priority: PRIORITIES[content.event],
    tags: [...TAGS[content.event]],
  };
  if (content.link) message.click = content.link;
  return message;
}


/** Cuts to at most `max` UTF-8 bytes, ellipsis included, on a character boundary. */
function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  const budget = max - Buffer.byteLength('…');
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > budget) break;
    bytes += size;
    end += char.length;
  }
  return `${text.slice(0, end)}…`;
}
