import type { Alert } from '../../core/alert.js';
import { roundTimings } from '../../core/check-result.js';
import { explain } from '../../core/failure-kinds.js';
import { formatDuration } from '../../core/duration.js';
import { alertContent, type AlertContentOptions } from '../alert-content.js';

/** The webhook's JSON body: part of the product's public interface; extend it, never rename. */
export interface WebhookPayload {
  event: Alert['type'];
  at: string;
  alert_id: string;
  /** `type` and `target` came with the other kinds of monitor; `method` is null for all but http. */
  monitor: { id: string; name: string; type: string; target: string; url: string; method: string | null };
  incident: { id: string; started_at: string; resolved_at: string | null; duration_s: number | null } | null;
  check: {
    at: string;
    ok: boolean;
    kind: string | null;
    status: number | null;
    error: string | null;
    request_id: string;
    trace_id: string;
    response_request_id: string | null;
    timings: { dns: number; connect: number; tls: number; ttfb: number; total: number };
  };
  /** The certificate the check saw, when it looked at one: always on a cert_expiring event. */
  certificate: { days_left: number; not_after: string; issuer: string; subject: string; sans: string[]; chain_valid: boolean } | null;
  explanation: string;
  /** The same words every channel shows: the one-line title and the monitor's dashboard link. */
  title: string;
  link: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Builds the payload of an alert. */
export function webhookPayload(alert: Alert, options: AlertContentOptions = { publicUrl: null }): WebhookPayload {
  const { check, incident } = alert;
  const content = alertContent(alert, options);
  return {
    event: alert.type,
    at: iso(alert.at),
    alert_id: alert.id,
    monitor: alert.monitor,
    incident: incident && {
      id: incident.id,
      started_at: iso(incident.startedAt),
      resolved_at: incident.resolvedAt === null ? null : iso(incident.resolvedAt),
      duration_s: incident.resolvedAt === null ? null : Math.round((incident.resolvedAt - incident.startedAt) / 1000),
    },
    check: {
      at: iso(check.at),
      ok: check.ok,
      kind: check.kind,
      status: check.status,
      error: check.error,
      request_id: check.requestId,
      trace_id: check.traceId,
      response_request_id: check.responseRequestId,
      timings: roundTimings(check.timings),
    },
    certificate: check.certificate
      ? {
          days_left: check.certificate.daysLeft,
          not_after: iso(check.certificate.notAfter),
          issuer: check.certificate.issuer,
          subject: check.certificate.subject,
          sans: check.certificate.sans,
          chain_valid: check.certificate.chainValid,
        }
      : null,
    explanation: alertExplanation(alert),
    title: content.title,
    link: content.link,
  };
}

/** What the alert means, in words: the failure's explanation, or how long the outage lasted. */
export function alertExplanation(alert: Alert): string {
  if (alert.type === 'up') {
    const incident = alert.incident;
    const downtime = incident?.resolvedAt == null ? '' : ` after ${formatDuration(incident.resolvedAt - incident.startedAt)} down`;
    const cause = incident ? ` It was down with ${incident.cause.kind}${incident.cause.status ? ` (HTTP ${incident.cause.status})` : ''}.` : '';
    return `Recovered${downtime}: the endpoint answers as expected again.${cause}`;
  }
  if (alert.type === 'degraded') return explain('degraded');
  if (alert.type === 'flapping' || alert.type === 'test' || alert.type === 'cert_expiring') return alertContent(alert, { publicUrl: null }).summary;
  return alert.check.kind ? explain(alert.check.kind) : 'The endpoint is down.';
}
