import { STATUS_CODES } from 'node:http';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import type { CheckResult } from '../core/check-result.js';
import { formatDuration } from '../core/duration.js';
import { explain, FAILURE_EXPLANATIONS } from '../core/failure-kinds.js';
import { MONITOR_DEFAULTS, type MonitorSpec } from '../core/monitor.js';
import { NO_EXPECTATIONS, NO_REQUEST_OPTIONS, type HttpSettings } from '../probes/http/http-settings.js';
import { createHttpProbe } from '../probes/http/http-probe.js';

export interface CheckOptions {
  timeoutMs: number;
  json: boolean;
}

export interface CheckIo {
  stdout: (s: string) => void;
  /** Where a usage error goes; stdout when absent. */
  stderr?: (s: string) => void;
}

export type CheckVerdict = 'up' | 'down' | 'degraded';

/**
 * `upwatch check <url>`: checks the URL once, as a monitor with default settings would, and prints
 * the verdict with its explanation. Returns the exit code: 0 up (degraded too), 1 down, 2 bad URL.
 * @example process.exitCode = await runCheck('https://example.com/health', { timeoutMs: 10_000, json: false }, io);
 */
export async function runCheck(url: string, options: CheckOptions, io: CheckIo): Promise<number> {
  if (!isHttpUrl(url)) {
    const message = `not an http(s) URL: ${JSON.stringify(url)} (expected something like https://example.com/health)`;
    if (options.json) io.stdout(`${JSON.stringify({ error: message })}\n`);
    else (io.stderr ?? io.stdout)(`upwatch check: ${message}\n`);
    return 2;
  }
  const result = await createHttpProbe().run(oneOffMonitor(url, options.timeoutMs), {});
  const verdict: CheckVerdict = !result.ok ? 'down' : result.kind === 'degraded' ? 'degraded' : 'up';
  if (options.json) {
    const explanation = result.kind === null ? null : explain(result.kind);
    io.stdout(`${JSON.stringify({ verdict, ...result, explanation }, null, 2)}\n`);
  } else {
    io.stdout(humanReport(url, verdict, result));
  }
  return verdict === 'down' ? 1 : 0;
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function oneOffMonitor(url: string, timeoutMs: number): MonitorSpec<HttpSettings> {
  return {
    name: url,
    type: 'http',
    settings: { ...NO_REQUEST_OPTIONS, url, method: MONITOR_DEFAULTS.method, headers: {}, body: null, expect: NO_EXPECTATIONS },
    intervalMs: MONITOR_DEFAULTS.intervalMs,
    timeoutMs,
    confirm: MONITOR_DEFAULTS.confirm,
    recover: MONITOR_DEFAULTS.recover,
    notify: [],
    tags: [],
    alerting: DEFAULT_ALERTING,
  };
}

function humanReport(url: string, verdict: CheckVerdict, result: CheckResult): string {
  const headline = verdict === 'up' ? 'UP' : verdict === 'degraded' ? 'UP (degraded)' : 'DOWN';
  const lines = [`${headline}  ${url}`];
  const row = (label: string, value: string): void => {
    lines.push(`  ${label.padEnd(12)}${value}`);
  };
  if (result.kind !== null) row('kind', `${result.kind} (${FAILURE_EXPLANATIONS[result.kind].title})`);
  row('status', result.status === null ? 'no response' : `${result.status} ${STATUS_CODES[result.status] ?? ''}`.trimEnd());
  const t = result.timings;
  row('timings', `dns ${ms(t.dns)} · connect ${ms(t.connect)} · tls ${ms(t.tls)} · ttfb ${ms(t.ttfb)} · total ${ms(t.total)}`);
  row('request id', `${result.requestId} (sent as X-Request-Id; trace ${result.traceId})`);
  row('server id', result.responseRequestId ?? 'none in the response');
  if (result.error !== null) row('error', result.error);
  if (!result.ok && result.retryAfterMs !== null) row('retry after', formatDuration(result.retryAfterMs));
  if (result.kind !== null) {
    const e = FAILURE_EXPLANATIONS[result.kind];
    lines.push('', `  ${e.meaning}`, `  Next step: ${e.nextStep}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Durations to read at a glance: 0ms (the phase did not happen), 0.4ms, 38ms, 2.41s. */
function ms(value: number): string {
  if (value === 0) return '0ms';
  if (value < 10) return `${value.toFixed(1)}ms`;
  if (value < 1_000) return `${Math.round(value)}ms`;
  return `${(value / 1_000).toFixed(2)}s`;
}
