import { writeFileSync } from 'node:fs';

export interface BenchConfigInput {
  monitors: number;
  intervalMs: number;
  urlOf: (monitor: number) => string;
  /** Monitors that notify the webhook: the ones an outage is injected into. */
  alerting: ReadonlySet<number>;
  webhookUrl: string;
}

/** Every monitor's name: sorts and greps well, and says which target path it checks. */
export const monitorName = (monitor: number) => `bench-${String(monitor).padStart(6, '0')}`;

/**
 * Writes the upwatch.yml for a bench run: one HTTP monitor per target path, the interval asked,
 * a 10 s timeout, the default confirmation, and the webhook only on the outage monitors (so a
 * bench never sends thousands of alerts). One flow-style line per monitor keeps 50,000 of them small.
 * @example writeBenchConfig('/tmp/b/upwatch.yml', { monitors: 10, intervalMs: 60_000, urlOf, alerting: new Set([3]), webhookUrl })
 */
export function writeBenchConfig(file: string, input: BenchConfigInput): void {
  const interval = `${input.intervalMs}ms`;
  const lines = ['monitors:'];
  for (let i = 0; i < input.monitors; i++) {
    const notify = input.alerting.has(i) ? ', notify: [hook]' : '';
    lines.push(`  - { name: ${monitorName(i)}, url: "${input.urlOf(i)}", interval: ${interval}, timeout: 10s${notify} }`);
  }
  lines.push('notifiers:', `  hook: { type: webhook, url: "${input.webhookUrl}" }`, '');
  writeFileSync(file, lines.join('\n'));
}
