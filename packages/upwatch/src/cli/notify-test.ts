import { randomUUID } from 'node:crypto';
import { formatFieldErrors, loadConfigFile } from '../config/load-config.js';
import type { Alert } from '../core/alert.js';
import { ZERO_TIMINGS } from '../core/check-result.js';
import { createNotifiers } from '../notifiers/notifier-registry.js';
import { createProbes } from '../probes/probe-kinds.js';

export interface NotifyTestIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Enough for the notifier's own timeout and its one quick retry; a send never takes longer. */
const SEND_DEADLINE_MS = 60_000;

/**
 * `upwatch notify test <name>`: sends one test alert through a notifier of the config file, at
 * once and outside the outbox, and prints what happened. Exit 0 when the channel accepted it, 1
 * when it did not, 2 when the config or the name is wrong.
 * @example process.exitCode = await runNotifyTest('team', 'upwatch.yml', io)
 */
export async function runNotifyTest(name: string, configFile: string | undefined, io: NotifyTestIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (!configFile) {
    io.stderr('no config file: pass --config FILE or set UPWATCH_CONFIG');
    return 2;
  }
  const loaded = loadConfigFile(configFile, env);
  if (!loaded.ok) {
    for (const line of formatFieldErrors(loaded.errors, configFile).split('\n')) io.stderr(line);
    return 2;
  }
  const { config } = loaded;
  const notifiers = createNotifiers(new Map([...config.notifiers].filter(([key]) => key === name)), { publicUrl: config.publicUrl });
  const notifier = notifiers.get(name);
  if (!notifier) {
    const defined = [...config.notifiers.keys()];
    io.stderr(`no notifier named "${name}" in ${configFile} (${defined.length > 0 ? `defined: ${defined.join(', ')}` : 'none are defined'})`);
    return 2;
  }

  const monitor = config.monitors.find((m) => m.notify.includes(name));
  const now = Date.now();
  const alert: Alert = {
    id: randomUUID(),
    type: 'test',
    at: now,
    monitor: monitor
      ? { id: 'upwatch-test', name: monitor.name, type: monitor.type, ...createProbes().describe(monitor) }
      : { id: 'upwatch-test', name: 'upwatch', type: 'http', target: `GET ${config.publicUrl ?? 'http://127.0.0.1/'}`, url: config.publicUrl ?? 'http://127.0.0.1/', method: 'GET' },
    incident: null,
    check: { ok: true, kind: null, at: now, timings: ZERO_TIMINGS, status: 200, requestId: randomUUID(), traceId: randomUUID().replace(/-/g, ''), responseRequestId: null, error: null },
  };
  const started = performance.now();
  const result = await notifier.send(alert, { deliveryId: 0, attempt: 1, signal: AbortSignal.timeout(SEND_DEADLINE_MS) });
  const ms = Math.round(performance.now() - started);
  const status = result.httpStatus === null ? '' : `HTTP ${result.httpStatus}, `;
  if (result.ok) {
    io.stdout(`${name} (${notifier.type}): delivered (${status}${ms} ms)`);
    return 0;
  }
  const retry = result.retryable ? 'the outbox would retry this' : 'the outbox would not retry this: fix the settings';
  io.stderr(`${name} (${notifier.type}): not delivered (${status}${ms} ms): ${result.error}; ${retry}`);
  return 1;
}
