// The body of a PagerDuty Events API v2 event, as documented at
//   https://developer.pagerduty.com/docs/events-api-v2/trigger-events/   (routing_key, event_action, dedup_key ≤255,
//       payload { summary ≤1024, source, severity, timestamp, component, class, custom_details }, client, client_url, links)
//   https://github.com/PagerDuty/api-schema/blob/main/reference/events-v2/openapiv3.json   (only routing_key and
//       event_action are required; dedup_key "identifies the alert to trigger, acknowledge, or resolve", so a resolve
//       carries no payload)
import type { Alert } from '../../core/alert.js';
import type { AlertContent } from '../alert-content.js';
import { truncateText } from '../truncate-text.js';
import { alertGroupKey } from '../alert-group-key.js';

export const PAGERDUTY_SUMMARY_CHARS = 1024;
export const PAGERDUTY_DEDUP_KEY_CHARS = 255;
/** The whole event may be 512 KB; each detail is kept far below so none can make it too big. */
const DETAIL_VALUE_CHARS = 8_192;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyTrigger {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component: string;
    class?: string;
    custom_details: Record<string, string>;
  };
  client: string;
  client_url?: string;
  links?: Array<{ href: string; text: string }>;
}

export interface PagerDutyResolve {
  routing_key: string;
  event_action: 'resolve';
  dedup_key: string;
}

export type PagerDutyEvent = PagerDutyTrigger | PagerDutyResolve;

export interface PagerDutyEventOptions {
  routingKey: string;
  /** The dashboard's base URL, sent as client_url so PagerDuty links back to upwatch. */
  publicUrl: string | null;
}

const SEVERITIES: Record<AlertContent['severity'], PagerDutySeverity> = {
  critical: 'critical',
  warning: 'warning',
  info: 'info',
  // Never a trigger (a recovery resolves), listed so the mapping stays total.
  resolved: 'info',
};

/**
 * The alert as one Events API v2 event: a recovery resolves, anything else triggers. The dedup key
 * ties them together: an outage's down, reminders and escalations all land on one PagerDuty alert,
 * and its up resolves exactly that one.
 * @example pagerdutyEvent(content, upAlert, { routingKey, publicUrl: null }) // { event_action: 'resolve', dedup_key: 'inc-1', … }
 */
export function pagerdutyEvent(content: AlertContent, alert: Alert, options: PagerDutyEventOptions): PagerDutyEvent {
  const dedupKey = pagerdutyDedupKey(alert);
  if (alert.type === 'up') return { routing_key: options.routingKey, event_action: 'resolve', dedup_key: dedupKey };

  const details: Record<string, string> = { 'What it means': content.summary };
  if (content.nextStep) details['Next step'] = content.nextStep;
  for (const fact of content.facts) details[fact.label] = fact.value;
  if (content.link) details.Dashboard = content.link;

  const event: PagerDutyTrigger = {
    routing_key: options.routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: truncateText(content.title, PAGERDUTY_SUMMARY_CHARS),
      source: sourceOf(alert.monitor.url),
      severity: SEVERITIES[content.severity],
      timestamp: new Date(content.at).toISOString(),
      component: alert.monitor.name,
      custom_details: Object.fromEntries(Object.entries(details).map(([key, value]) => [key, truncateText(value, DETAIL_VALUE_CHARS)])),
    },
    client: 'upwatch',
  };
  const kind = alert.check.kind;
  if (kind !== null) event.payload.class = kind;
  if (options.publicUrl) event.client_url = options.publicUrl;
  if (content.link) event.links = [{ href: content.link, text: 'Open in upwatch' }];
  return event;
}



/** "The unique location of the affected system, preferably a hostname": the monitor's host. */
function sourceOf(url: string): string {
  try {
    const host = new URL(url).host;
    if (host !== '') return host;
  } catch {
    // not a URL: the text itself is the best name there is
  }
  return url;
}

/**
 * The dedup key of an alert: the incident's id, or a stable key per monitor and kind.
 * @example pagerdutyDedupKey(degradedAlert) // 'm1:degraded'
 */
export function pagerdutyDedupKey(alert: Alert): string {
  return alertGroupKey(alert, PAGERDUTY_DEDUP_KEY_CHARS);
}
