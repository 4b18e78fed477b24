// The Opsgenie Alert API requests, as documented at
//   https://docs.opsgenie.com/docs/alert-api   Create Alert: POST /v2/alerts { message ≤130, alias ≤512, description ≤15000,
//       tags ≤20 × 50, details ≤8000 characters in all, entity ≤512, source ≤100, priority P1-P5, user ≤100, note ≤25000 };
//       Close Alert: POST /v2/alerts/:identifier/close?identifierType=alias { user, source, note }
//   https://docs.opsgenie.com/docs/alerts-and-alert-fields   (the same field limits)
import type { Alert, AlertEventType } from '../../core/alert.js';
import type { AlertContent } from '../alert-content.js';
import { truncateText } from '../truncate-text.js';
import { alertGroupKey } from '../alert-group-key.js';

export const OPSGENIE_LIMITS = { message: 130, alias: 512, description: 15_000, details: 8_000, entity: 512, source: 100, note: 25_000, tag: 50 } as const;

export type OpsgeniePriority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

export interface OpsgenieCreateAlert {
  message: string;
  alias: string;
  description: string;
  details: Record<string, string>;
  priority: OpsgeniePriority;
  entity: string;
  source: string;
  user: string;
  tags: string[];
}

export interface OpsgenieCloseAlert {
  source: string;
  user: string;
  note: string;
}

/** One Alert API call: the path under the API base and its JSON body. */
export type OpsgenieRequest = { action: 'create'; path: string; body: OpsgenieCreateAlert } | { action: 'close'; path: string; body: OpsgenieCloseAlert };

// P1 pages now; a slow or flapping monitor is worth a look, not a wake-up; a test is informational.
const PRIORITIES: Record<AlertEventType, OpsgeniePriority> = {
  down: 'P1',
  reminder: 'P1',
  escalation: 'P1',
  flapping: 'P3',
  cert_expiring: 'P3',
  degraded: 'P3',
  up: 'P5',
  test: 'P5',
};

/**
 * The alert as one Alert API call: a recovery closes the Opsgenie alert its outage opened (same
 * alias), anything else creates one. Opsgenie keeps one open alert per alias, so a reminder or a
 * retried create only raises the count of the alert already open.
 * @example opsgenieRequest(content, downAlert).path // '/v2/alerts'
 */
export function opsgenieRequest(content: AlertContent, alert: Alert): OpsgenieRequest {
  const alias = opsgenieAlias(alert);
  if (alert.type === 'up') {
    return {
      action: 'close',
      path: `/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`,
      body: { source: 'upwatch', user: 'upwatch', note: truncateText(`${content.title}. ${content.summary}`, OPSGENIE_LIMITS.note) },
    };
  }

  const lines = [content.summary];
  if (content.nextStep) lines.push('', `Next step: ${content.nextStep}`);
  if (content.facts.length > 0) lines.push('', ...content.facts.map((f) => `${f.label}: ${f.value}`));
  if (content.link) lines.push('', content.link);
  const details: Record<string, string> = Object.fromEntries(content.facts.map((f) => [f.label, f.value]));
  if (content.link) details.Dashboard = content.link;

  return {
    action: 'create',
    path: '/v2/alerts',
    body: {
      message: truncateText(content.title, OPSGENIE_LIMITS.message),
      alias,
      description: truncateText(lines.join('\n'), OPSGENIE_LIMITS.description),
      details: fitDetails(details, OPSGENIE_LIMITS.details),
      priority: PRIORITIES[content.event],
      entity: truncateText(alert.monitor.name, OPSGENIE_LIMITS.entity),
      source: 'upwatch',
      user: 'upwatch',
      tags: ['upwatch', alert.type],
    },
  };
}



/**
 * Keeps keys and values within Opsgenie's total for details: the long values (a stack trace in
 * `Error`) are cut to one common length, the short ones kept whole.
 */
function fitDetails(details: Record<string, string>, limit: number): Record<string, string> {
  const entries = Object.entries(details);
  const keys = entries.reduce((n, [key]) => n + key.length, 0);
  const cap = fairShare(
    entries.map(([, value]) => value.length),
    limit - keys,
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, truncateText(value, cap)]));
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

/**
 * The alias that ties an outage's create to its close: the incident's id, or a stable alias per
 * monitor and kind.
 * @example opsgenieAlias(downAlert) // the incident's id, such as '9b2f…'
 */
export function opsgenieAlias(alert: Alert): string {
  return alertGroupKey(alert, OPSGENIE_LIMITS.alias);
}
