import type { Alert, AlertEventType, AlertMonitor } from '../core/alert.js';
import { roundTimings, type Timings } from '../core/check-result.js';
import { formatDuration } from '../core/duration.js';
import { FAILURE_EXPLANATIONS } from '../core/failure-kinds.js';

/**
 * What every channel says about an alert, decided once: providers only lay it out (Block Kit, an
 * embed, an Adaptive Card, HTML mail). Written for a tired person at 3 a.m.: what broke, in words,
 * and where to look next.
 */
export interface AlertContent {
  event: AlertEventType;
  /** Drives colours and priorities: critical for an outage, resolved for a recovery. */
  severity: 'critical' | 'warning' | 'resolved' | 'info';
  /** One line, fit for a push notification or a mail subject: "api is DOWN: HTTP 500: …". */
  title: string;
  /** What it means, in plain words. */
  summary: string;
  /** The next thing to do; null on a recovery. */
  nextStep: string | null;
  monitor: AlertMonitor;
  /** Label and value pairs in reading order; values are plain text, never markup. */
  facts: Array<{ label: string; value: string }>;
  /** The monitor's page in the dashboard, when `public_url` is set. */
  link: string | null;
  at: number;
}

export interface AlertContentOptions {
  /** The dashboard's base URL (the `public_url` setting), e.g. https://upwatch.example.com. */
  publicUrl: string | null;
}

const EVENT_WORDS: Record<AlertEventType, string> = {
  down: 'is DOWN',
  up: 'is UP again',
  degraded: 'is SLOW',
  reminder: 'is STILL DOWN',
  escalation: 'is STILL DOWN (escalated)',
  flapping: 'is FLAPPING',
  cert_expiring: 'certificate expires soon',
  test: 'test alert',
};

/**
 * Decides the words and facts of an alert.
 * @example alertContent(alert, { publicUrl: 'https://upwatch.example.com' }).title // 'api is DOWN: HTTP 500: …'
 */
export function alertContent(alert: Alert, options: AlertContentOptions): AlertContent {
  const { check, incident } = alert;
  const kind = alert.type === 'up' ? incident?.cause.kind ?? null : check.kind;
  const explanation = kind ? FAILURE_EXPLANATIONS[kind] : null;
  const facts: AlertContent['facts'] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') facts.push({ label, value });
  };

  add('Monitor', alert.monitor.target);
  const certificate = check.certificate;
  if (alert.type === 'cert_expiring' && certificate) {
    add('Expires', `${utc(certificate.notAfter)} (${daysText(certificate.daysLeft)} left)`);
    add('Subject', certificate.subject);
    add('Issuer', certificate.issuer);
    add('Names', certificate.sans.join(', '));
  } else if (alert.type === 'up') {
    if (incident?.resolvedAt != null) add('Downtime', formatDuration(incident.resolvedAt - incident.startedAt));
    add('Was', explanation?.title);
    add('Down since', incident ? utc(incident.startedAt) : null);
    add('Recovered at', utc(alert.at));
    add('Response time', `${round(check.timings.total)} ms`);
  } else if (alert.type !== 'test') {
    add('Failure', explanation?.title);
    // Only an HTTP monitor has a status to show; for the others, its absence means nothing.
    if (alert.monitor.method !== null) add('Status', check.status === null ? 'no HTTP response' : `HTTP ${check.status}`);
    add('Error', check.error);
    add('Request id we sent', check.requestId);
    add("Server's request id", check.responseRequestId);
    add('Timings', timingLine(check.timings));
    add('Started', incident ? utc(incident.startedAt) : utc(check.at));
    if (incident && (alert.type === 'reminder' || alert.type === 'escalation')) add('Down for', formatDuration(alert.at - incident.startedAt));
    add('Trace id', check.traceId);
  }

  return {
    event: alert.type,
    severity: severityOf(alert.type),
    title: titleOf(alert, explanation?.title ?? null),
    summary: summaryOf(alert, explanation?.meaning ?? null),
    nextStep: alert.type === 'cert_expiring' ? CERTIFICATE_NEXT_STEP : alert.type === 'up' || alert.type === 'test' ? null : explanation?.nextStep ?? null,
    monitor: alert.monitor,
    facts,
    link: options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/monitors/${encodeURIComponent(alert.monitor.id)}` : null,
    at: alert.at,
  };
}

function severityOf(event: AlertEventType): AlertContent['severity'] {
  switch (event) {
    case 'up':
      return 'resolved';
    case 'degraded':
    case 'flapping':
    case 'cert_expiring':
      return 'warning';
    case 'test':
      return 'info';
    default:
      return 'critical';
  }
}

const CERTIFICATE_NEXT_STEP =
  'Renew the certificate and deploy it; if it should renew by itself (certbot, a load balancer, a CDN), find out why it has not.';

function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

function titleOf(alert: Alert, failure: string | null): string {
  const name = alert.monitor.name;
  if (alert.type === 'cert_expiring') {
    const days = alert.check.certificate?.daysLeft;
    return days === undefined ? `${name}: ${EVENT_WORDS.cert_expiring}` : `${name}: TLS certificate expires in ${daysText(days)}`;
  }
  if (alert.type === 'test') return `upwatch ${EVENT_WORDS.test} for ${name}`;
  if (alert.type === 'up') {
    const incident = alert.incident;
    const after = incident?.resolvedAt != null ? ` after ${formatDuration(incident.resolvedAt - incident.startedAt)}` : '';
    return `${name} ${EVENT_WORDS.up}${after}`;
  }
  return failure ? `${name} ${EVENT_WORDS[alert.type]}: ${failure}` : `${name} ${EVENT_WORDS[alert.type]}`;
}

function summaryOf(alert: Alert, meaning: string | null): string {
  switch (alert.type) {
    case 'up':
      return 'The endpoint answers as expected again.';
    case 'test':
      return 'This is a test sent with `upwatch notify test`. If you can read it, this channel works.';
    case 'flapping':
      return 'The monitor keeps changing between up and down. Alerts for it are held until it has been stable for a while; this is the only message until then.';
    case 'degraded':
      return meaning ?? 'The endpoint answers, but more slowly than its threshold.';
    case 'cert_expiring': {
      const c = alert.check.certificate;
      const threshold = c?.warnThreshold ?? null;
      const within = threshold === null ? '' : ` This is the ${threshold}-day warning; each threshold is told once per certificate.`;
      return `The TLS certificate will expire${c ? ` on ${utc(c.notAfter)}` : ''}. Once it has, browsers and API clients refuse the connection.${within}`;
    }
    default:
      return meaning ?? 'The endpoint is down.';
  }
}

function timingLine(timings: Timings): string {
  const t = roundTimings(timings);
  return `dns ${t.dns} ms · connect ${t.connect} ms · tls ${t.tls} ms · first byte ${t.ttfb} ms · total ${t.total} ms`;
}

function round(ms: number): number {
  return Math.round(ms);
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} UTC`;
}
