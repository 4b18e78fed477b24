import { formatFieldErrors, loadConfigFile } from '../config/load-config.js';
import { createNotifiers } from '../notifiers/notifier-registry.js';
import { describeTestOutcome, sendTestAlert } from '../notifiers/test-alert.js';
import { createProbes } from '../probes/probe-kinds.js';

export interface NotifyTestIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

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
  const outcome = await sendTestAlert(notifier, monitor ? { name: monitor.name, type: monitor.type, ...createProbes().describe(monitor) } : null, config.publicUrl);
  if (outcome.result.ok) {
    io.stdout(describeTestOutcome(outcome));
    return 0;
  }
  io.stderr(describeTestOutcome(outcome));
  return 1;
}
