import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApi } from './api/api-app.js';
import type { NotifierCatalog } from './api/api-deps.js';
import { issueApiToken } from './api/api-tokens.js';
import { createSetupToken } from './api/auth/setup-token.js';
import { combineNotifiers } from './config/combine-notifiers.js';
import { emptyConfig, loadConfigFile, formatFieldErrors } from './config/load-config.js';
import { prepareSpec, sharedUniqueValue } from './config/monitor-input.js';
import { planReconcile } from './config/reconcile.js';
import { systemClock, type Clock } from './core/clock.js';
import { UpwatchError } from './core/errors.js';
import type { Monitor, MonitorSpec } from './core/monitor.js';
import { HeartbeatLog } from './engine/heartbeat-log.js';
import { MaintenanceRegistry } from './engine/maintenance-registry.js';
import { MonitorEngine } from './engine/monitor-engine.js';
import { createScheduleStats } from './engine/schedule-stats.js';
import { createHistoryJob } from './history/history-job.js';
import type { Notifier } from './notifiers/notifier.js';
import { createNotifiers } from './notifiers/notifier-registry.js';
import { Outbox } from './notifiers/outbox.js';
import { sendTestAlert, summarizeTestOutcome } from './notifiers/test-alert.js';
import { logEngineEvents } from './observability/log-engine-events.js';
import type { EngineEventMap, EngineEvents } from './engine/engine-events.js';
import type { LiveEvents } from './api/live/live-events.js';
import { pingTokenOf } from './probes/heartbeat/heartbeat-settings.js';
import { createProbes } from './probes/probe-kinds.js';
import { createCheckBatcher } from './store/check-batcher.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';
import { VERSION } from './version.js';

export interface ServerOptions {
  configFile?: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  logger: Logger;
  /** Lines meant for the person who started the server (its URL, a new API token). */
  print: (line: string) => void;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Reverse proxies whose X-Forwarded-* headers are believed (see ApiOptions.trustProxy). */
  trustProxy?: string | undefined;
}

export interface ReloadReport {
  added: string[];
  changed: string[];
  removed: string[];
  conflicts: string[];
  /** Notifiers of the file not applied: one made through the API has the name. */
  notifierConflicts: string[];
}

export interface RunningServer {
  url: string;
  store: Store;
  engine: MonitorEngine;
  outbox: Outbox;
  /** Re-reads the config file and applies it; a config with errors is refused and the old one kept. */
  reload(): Promise<ReloadReport>;
  stop(): Promise<void>;
}

export const DATABASE_FILE = 'upwatch.db';

/**
 * The composition root: the one place that picks the concrete store, probe and notifiers and
 * wires them together.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { logger, print } = options;
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const configFile = options.configFile && resolve(options.configFile);

  // Read the config before touching the store: a broken file must stop a start, not half-apply.
  const initial = configFile ? readConfig(configFile, env) : emptyConfig();

  mkdirSync(options.dataDir, { recursive: true });
  const store = await openSqliteStore(join(options.dataDir, DATABASE_FILE));
  // The running notifiers: the config file's and the API's, rebuilt on reload and on each change
  // through the API, one rebuild at a time so a slow one cannot overwrite a newer one.
  let fileConfig = initial;
  let notifiers = new Map<string, Notifier>();
  let rebuilt: Promise<unknown> = Promise.resolve();
  const rebuildNotifiers = (applyingFile: boolean): Promise<string[]> => {
    const next = rebuilt.then(async () => {
      const combined = combineNotifiers(fileConfig.notifiers, await store.listNotifiers());
      if (applyingFile) for (const c of combined.conflicts) logger.warn({ notifier: c.name }, `config notifier not applied: ${c.reason}`);
      for (const b of combined.broken) logger.error({ notifier: b.name }, `notifier not started, its settings fail their check: ${b.message}`);
      notifiers = createNotifiers(combined.configs, { publicUrl: fileConfig.publicUrl });
      return combined.conflicts.map((c) => c.name);
    });
    rebuilt = next.catch(() => undefined);
    return next;
  };
  const initialNotifierConflicts = await rebuildNotifiers(true);

  const maintenance = new MaintenanceRegistry(store, () => clock.now());
  await maintenance.load(initial.maintenance);

  const checks = createCheckBatcher({
    store,
    clock,
    onError: (err: unknown) => logger.error({ err }, 'writing check results failed; they stay queued and are retried'),
  });
  const history = createHistoryJob({
    store,
    clock,
    retention: initial.retention,
    onError: (err: unknown) => logger.error({ err }, 'rolling up or pruning the check history failed; the next pass tries again'),
  });
  const outbox = new Outbox({ store, clock, notifiers: () => notifiers, logger: logger.child({ part: 'outbox' }) });
  const heartbeats = new HeartbeatLog(store, () => clock.now(), pingTokenOf);
  const probe = createProbes({ now: () => clock.now(), heartbeats });
  const engine = new MonitorEngine({ store, clock, probe, checks, onAlertsQueued: () => outbox.wake(), maintenance: () => maintenance.compiled() });
  logEngineEvents(engine.events, logger.child({ part: 'engine' }));
  const stats = createScheduleStats(engine.events, { now: () => clock.now(), scheduler: () => engine.getStats() });
  // What the API and the config reload change goes to the engine and to the index of ping tokens.
  const runtime = {
    upsert(monitor: Monitor): void {
      engine.upsert(monitor);
      heartbeats.track(monitor);
    },
    remove(monitorId: string): void {
      engine.remove(monitorId);
      heartbeats.untrack(monitorId);
    },
    getState: (monitorId: string) => engine.getState(monitorId),
    checkNow: (monitorId: string) => engine.checkNow(monitorId),
  };

  /** Applies the file's monitors; gives what changed, and every stored monitor afterwards. */
  const applyConfig = async (desired: MonitorSpec[], live: boolean): Promise<Omit<ReloadReport, 'notifierConflicts'> & { monitors: Monitor[] }> => {
    const existing = await store.listMonitors();
    // A heartbeat without a token in the file keeps the one it was given when first stored.
    const stored = new Map(existing.map((m) => [m.spec.name, m.spec]));
    const prepared = desired.map((spec) => prepareSpec(spec, stored.get(spec.name)));
    const plan = planReconcile(prepared, existing);
    // A heartbeat's token must not be one an API monitor has: its pings would go astray. Such a
    // monitor of the file is not applied, like a name taken by the API.
    const apiMonitors = existing.filter((m) => m.source !== 'config');
    const clashes = (spec: MonitorSpec) => {
      const shared = sharedUniqueValue(spec, null, apiMonitors);
      if (shared) plan.conflicts.push({ name: spec.name, reason: `its ${shared.key} is that of monitor "${shared.with}", made through the API; choose another` });
      return shared !== null;
    };
    plan.add = plan.add.filter((spec) => !clashes(spec));
    plan.update = plan.update.filter(({ spec }) => !clashes(spec));
    const now = clock.now();
    // One transaction for all new monitors: a first start with 50,000 of them took one each.
    const added = plan.add.map((spec): Monitor => ({ id: randomUUID(), source: 'config', paused: false, spec, createdAt: now, updatedAt: now }));
    await store.insertMonitors(added);
    if (live) for (const monitor of added) runtime.upsert(monitor);
    for (const { monitor, spec } of plan.update) {
      const updated: Monitor = { ...monitor, spec, updatedAt: now };
      await store.updateMonitor(updated);
      if (live) runtime.upsert(updated);
    }
    for (const monitor of plan.remove) {
      if (live) runtime.remove(monitor.id);
      await store.deleteMonitor(monitor.id);
    }
    for (const c of plan.conflicts) logger.warn({ monitor: c.name }, `config monitor not applied: ${c.reason}`);
    // What the store holds now, without reading 50,000 specs back.
    const changed = new Map(plan.update.map(({ monitor, spec }) => [monitor.id, { ...monitor, spec, updatedAt: now }]));
    const removed = new Set(plan.remove.map((m) => m.id));
    return {
      monitors: [...existing.filter((m) => !removed.has(m.id)).map((m) => changed.get(m.id) ?? m), ...added],
      added: plan.add.map((s) => s.name),
      changed: plan.update.map((u) => u.spec.name),
      removed: plan.remove.map((m) => m.spec.name),
      conflicts: plan.conflicts.map((c) => c.name),
    };
  };

  const { monitors, ...startReport } = await applyConfig(initial.monitors, false);
  if (configFile) logger.info({ file: configFile, ...startReport, notifierConflicts: initialNotifierConflicts }, 'config applied');

  if ((await store.countApiTokens()) === 0) {
    const { token } = await issueApiToken(store, 'initial', clock.now(), randomUUID);
    print(`API token (shown once, stored only as a hash): ${token}`);
    print('Use it as "Authorization: Bearer <token>"; create another with `upwatch token create`.');
  }

  await heartbeats.load(monitors);
  await engine.start(monitors);
  outbox.start();
  history.start();

  const notifierCatalog: NotifierCatalog = {
    configFile: () => configFile ?? null,
    fromConfig: () => new Map([...fileConfig.notifiers].map(([name, config]) => [name, { type: config.type, settings: fileConfig.notifierSettings.get(name) ?? {} }])),
    refresh: async () => {
      await rebuildNotifiers(false);
      outbox.wake();
    },
    sendTest: async (name) => {
      const notifier = notifiers.get(name);
      if (!notifier) return undefined;
      // The alert names a monitor that uses the notifier, as `upwatch notify test` does.
      const monitor = (await store.listMonitors()).find((m) => m.spec.notify.includes(name));
      const named = monitor ? { name: monitor.spec.name, type: monitor.spec.type, ...probe.describe(monitor.spec) } : null;
      return summarizeTestOutcome(await sendTestAlert(notifier, named, fileConfig.publicUrl));
    },
  };

  // No account yet: the first one is made through a link with a one-time token, printed below, so
  // the first stranger to reach the port cannot become admin.
  const setupToken = (await store.countUsers()) === 0 ? createSetupToken() : undefined;

  let app: FastifyInstance;
  try {
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [...notifiers.keys()], newId: randomUUID, version: VERSION, maintenance, heartbeats, stats, notifiers: notifierCatalog, live: liveEventsOf(engine.events), setupToken },
      logger.child({ part: 'api' }),
      { trustProxy: options.trustProxy },
    );
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await engine.stop(0);
    await outbox.stop(0);
    await history.stop();
    await checks.close();
    await store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  print(`upwatch ${VERSION} serving ${url} (data in ${resolve(options.dataDir)})`);
  for (const line of pingCommands(monitors, initial.publicUrl ?? url)) print(line);
  if (setupToken?.value) print(setupLinkLine(initial.publicUrl ?? url, setupToken.value));

  // One reload at a time: two SIGHUPs in a row must not reconcile against each other.
  let reloads: Promise<unknown> = Promise.resolve();
  const reload = async (): Promise<ReloadReport> => {
    if (!configFile) return { added: [], changed: [], removed: [], conflicts: [], notifierConflicts: [] };
    const config = readConfig(configFile, env);
    fileConfig = config;
    const notifierConflicts = await rebuildNotifiers(true);
    maintenance.setConfigWindows(config.maintenance);
    history.setRetention(config.retention);
    const { monitors: _all, ...monitorReport } = await applyConfig(config.monitors, true);
    const report = { ...monitorReport, notifierConflicts };
    logger.info({ file: configFile, ...report }, 'config reloaded');
    outbox.wake();
    return report;
  };

  return {
    url,
    store,
    engine,
    outbox,
    reload: () => {
      const next = reloads.then(reload);
      reloads = next.catch(() => undefined);
      return next;
    },
    async stop() {
      await app.close();
      await engine.stop();
      await outbox.stop();
      await history.stop();
      await checks.close();
      await store.close();
    },
  };
}

function readConfig(file: string, env: NodeJS.ProcessEnv) {
  const loaded = loadConfigFile(file, env);
  if (!loaded.ok) {
    throw new UpwatchError('CONFIG_INVALID', `${file} has errors:\n${formatFieldErrors(loaded.errors, file)}`, { fields: loaded.errors });
  }
  return loaded.config;
}

/**
 * The engine's events as the dashboard's live stream takes them: checks and incidents, each
 * subscription with its own listeners so ending one leaves the others.
 * @example buildApi({ …, live: liveEventsOf(engine.events) }, logger)
 */
export function liveEventsOf(events: EngineEvents): LiveEvents {
  return {
    subscribe(listener) {
      const onCheck = ({ monitorId, phase, check, state }: EngineEventMap['check.completed'][0]) => listener({ type: 'check', monitorId, phase, check, state });
      const onIncident = ({ monitorId, incident }: EngineEventMap['incident.opened'][0]) => listener({ type: 'incident', monitorId, incident });
      events.on('check.completed', onCheck);
      events.on('incident.opened', onIncident);
      events.on('incident.resolved', onIncident);
      return () => {
        events.off('check.completed', onCheck);
        events.off('incident.opened', onIncident);
        events.off('incident.resolved', onIncident);
      };
    },
  };
}

/** The line that tells the person who started the server where to create the admin account. */
export function setupLinkLine(baseUrl: string, token: string): string {
  return `Open ${baseUrl.replace(/\/+$/, '')}/setup?token=${token} to create the admin account (valid until one is made)`;
}

/**
 * A copy-paste line per heartbeat monitor: the command its job runs when it finishes. -f makes
 * curl fail on an error status, -m bounds it, --retry rides out a restart of upwatch.
 */
export function pingCommands(monitors: readonly Monitor[], baseUrl: string): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  return monitors.flatMap((m) => {
    const token = pingTokenOf(m.spec);
    return token === null ? [] : [`heartbeat "${m.spec.name}": curl -fsS -m 10 --retry 5 -o /dev/null ${base}/ping/${token}`];
  });
}
