import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { alertMonitor, type Alert, type AlertEventType } from '../core/alert.js';
import { alertingStateAfterRestart, decideAlerts, initialAlertingState, type AlertingDecision, type AlertingInput, type AlertingState } from '../core/alert-policy.js';
import type { CheckResult } from '../core/check-result.js';
import type { Clock } from '../core/clock.js';
import { initialState, step, type DetectorState, type NextCheck } from '../core/detector.js';
import type { Incident } from '../core/incident.js';
import { activeMaintenance, type CompiledWindow } from '../core/maintenance.js';
import type { Monitor } from '../core/monitor.js';
import type { Probe } from '../probes/probe.js';
import { Scheduler, type RunPhase } from '../scheduler/scheduler.js';
import type { CheckBatcher } from '../store/check-batcher.js';
import type { NewDelivery, Store, Transition } from '../store/store.js';
import { EngineEvents } from './engine-events.js';

export interface EngineDeps {
  store: Store;
  clock: Clock;
  probe: Probe;
  checks: CheckBatcher;
  /** Called after alerts were queued, so the outbox delivers them at once. */
  onAlertsQueued: () => void;
  /** The maintenance windows in force, read at each check so a reload applies at once. */
  maintenance?: () => readonly CompiledWindow[];
  newId?: () => string;
}

/**
 * Runs the monitors: the scheduler says when, the probe observes, the detector decides, and the
 * engine stores what happened and queues the alerts. The only place where the three meet.
 */
export class MonitorEngine {
  readonly events = new EngineEvents();
  private readonly monitors = new Map<string, Monitor>();
  private readonly states = new Map<string, DetectorState>();
  /** Alert hygiene per monitor, in memory: a restart rebuilds it from the detector's state. */
  private readonly alerting = new Map<string, AlertingState>();
  /** Certificate warnings told (monitor, fingerprint, threshold), so each is written once per process. */
  private readonly certificateWarned = new Set<string>();
  private readonly scheduler: Scheduler;
  private readonly abort = new AbortController();
  private readonly newId: () => string;

  constructor(private readonly deps: EngineDeps) {
    this.newId = deps.newId ?? randomUUID;
    // Every running check listens to this one signal (and stops listening when it ends): hundreds
    // at once at scale are expected, not a leak, so Node's warning past 10 would only be noise.
    setMaxListeners(0, this.abort.signal);
    this.scheduler = new Scheduler({
      clock: deps.clock,
      run: (id, phase, plannedAt) => this.runCheck(id, phase, plannedAt),
      onError: (monitorId, err) => this.events.emit('engine.error', { monitorId, err }),
    });
  }

  /**
   * Loads monitors (unless the caller has just read them) and their last states (a restart
   * resumes where it stopped), then starts.
   */
  async start(known?: Monitor[]): Promise<void> {
    const [monitors, states] = await Promise.all([known ?? this.deps.store.listMonitors(), this.deps.store.loadStates()]);
    for (const [id, state] of states) this.states.set(id, state);
    await this.restoreAlerting();
    for (const monitor of monitors) this.track(monitor, false);
    this.scheduler.start();
  }

  /**
   * For each outage a restart finds, reads what was sent for it, so the alert policy neither
   * repeats a down or an escalation that went out, nor takes as told one that was held.
   */
  private async restoreAlerting(): Promise<void> {
    for (const [monitorId, state] of this.states) {
      if (state.incidentId === null || (state.status !== 'down' && state.status !== 'recovering')) continue;
      const deliveries = await this.deps.store.listDeliveries({ monitorId, limit: 500 });
      const told = deliveries.filter((d) => d.heldReason === null && d.alert.incident?.id === state.incidentId);
      const downs = told.filter((d) => d.alert.type === 'down' || d.alert.type === 'reminder');
      const escalations = told.filter((d) => d.alert.type === 'escalation');
      this.alerting.set(
        monitorId,
        alertingStateAfterRestart({
          downAlerted: downs.length > 0,
          lastRemindedAt: downs.length > 0 ? Math.max(...downs.map((d) => d.alert.at)) : null,
          escalated: new Set(escalations.map((d) => d.alert.id)).size,
          escalatedTo: [...new Set(escalations.map((d) => d.notifier))],
        }),
      );
    }
  }

  /**
   * Adds or changes a monitor that is already stored. A new one is checked at once; a changed one
   * keeps its state and history.
   */
  upsert(monitor: Monitor): void {
    const isNew = !this.monitors.has(monitor.id);
    this.track(monitor, isNew);
  }

  remove(monitorId: string): void {
    this.monitors.delete(monitorId);
    this.states.delete(monitorId);
    this.alerting.delete(monitorId);
    this.scheduler.remove(monitorId);
  }

  /**
   * Checks a monitor now rather than at its next slot: a heartbeat's ping must be judged at once.
   * A check already running or a confirmation under way is left to finish.
   */
  checkNow(monitorId: string): void {
    const monitor = this.monitors.get(monitorId);
    if (monitor && !monitor.paused) this.scheduler.upsert(monitorId, monitor.spec.intervalMs, this.deps.clock.now());
  }

  getState(monitorId: string): DetectorState | undefined {
    return this.states.get(monitorId);
  }

  getStats() {
    return this.scheduler.getStats();
  }

  /**
   * Starts no new checks, gives running ones `graceMs` to finish, cancels the rest, and writes
   * every result that is still queued.
   */
  async stop(graceMs = 5_000): Promise<void> {
    const stopping = this.scheduler.stop();
    const cancel = this.deps.clock.setTimer(() => this.abort.abort(), graceMs);
    await stopping;
    this.deps.clock.clearTimer(cancel);
    await this.deps.checks.flush();
  }

  private track(monitor: Monitor, checkNow: boolean): void {
    this.monitors.set(monitor.id, monitor);
    if (monitor.paused) {
      this.scheduler.remove(monitor.id);
      return;
    }
    this.scheduler.upsert(monitor.id, monitor.spec.intervalMs, checkNow ? this.deps.clock.now() : undefined);
  }

  private async runCheck(monitorId: string, phase: RunPhase, plannedAt: number): Promise<NextCheck | null> {
    const planned = this.monitors.get(monitorId);
    if (!planned || planned.paused) return null;
    const lagMs = this.deps.clock.now() - plannedAt;
    // A heartbeat with no ping yet is due one period after it was created or last changed.
    const watchedSince = Math.max(planned.createdAt, planned.updatedAt);
    const check = await this.deps.probe.run(planned.spec, { signal: this.abort.signal, monitor: { id: planned.id, watchedSince } });
    // Cancelled by a shutdown: that says nothing about the endpoint, so it is neither stored nor
    // counted (it must not confirm an outage on the way out).
    if (this.abort.signal.aborted) return null;
    // The monitor may have been removed, paused or changed while its check ran: no results for a
    // ghost, no alert from a paused monitor, and a change (say, to `notify`) applies at once.
    const monitor = this.monitors.get(monitorId);
    if (!monitor || monitor.paused) return null;

    const prev = this.states.get(monitorId) ?? initialState(check.at);
    const result = step(prev, check, monitor.spec);
    this.deps.checks.add({ ...check, monitorId, phase, transient: false });

    if (result.transientSince !== null) {
      // The failures of this blip may still be queued: write them before flagging them.
      await this.deps.checks.flush();
      await this.deps.store.markTransient(monitorId, result.transientSince);
    }

    let state = result.state;
    if (result.event) {
      state = await this.recordEvent(monitor, prev, state, result.event, check);
    } else {
      if (persistedFieldsChanged(prev, state)) await this.deps.store.saveState(monitorId, state);
      const tick: AlertingInput = { kind: 'tick', status: state.status, outageStartedAt: state.incidentId ? state.failureStartedAt : null };
      const decision = this.decide(monitor, tick);
      if (decision.send.length > 0) await this.queueAlerts(monitor, state, decision, check, state.incidentId ? ((await this.deps.store.getIncident(state.incidentId)) ?? null) : null);
      else this.alerting.set(monitorId, decision.state);
    }
    if (!this.monitors.has(monitorId)) return null;
    this.states.set(monitorId, state);
    this.events.emit('check.completed', { monitorId, name: monitor.spec.name, phase, check, state, lagMs });
    // After the state is kept: a failed warning write must not replay the check's transition.
    await this.warnOfCertificate(monitor, check).catch((err: unknown) => this.events.emit('engine.error', { monitorId, err }));
    return result.next;
  }

  private async recordEvent(
    monitor: Monitor,
    prev: DetectorState,
    state: DetectorState,
    event: NonNullable<ReturnType<typeof step>['event']>,
    check: CheckResult,
  ): Promise<DetectorState> {
    const now = this.deps.clock.now();
    const transition: Transition = { monitorId: monitor.id, state, deliveries: [] };
    let incident: Incident | null = null;

    if (event.type === 'down' && !check.ok) {
      incident = {
        id: this.newId(),
        monitorId: monitor.id,
        startedAt: event.startedAt,
        confirmedAt: check.at,
        resolvedAt: null,
        cause: {
          kind: check.kind,
          status: check.status,
          error: check.error,
          requestId: check.requestId,
          responseRequestId: check.responseRequestId,
          timings: check.timings,
        },
      };
      state = { ...state, incidentId: incident.id };
      transition.state = state;
      transition.openIncident = incident;
    } else if (event.type === 'up' && prev.incidentId) {
      const open = await this.deps.store.getIncident(prev.incidentId);
      if (open) {
        incident = { ...open, resolvedAt: event.resolvedAt };
        transition.resolveIncident = { id: open.id, resolvedAt: event.resolvedAt };
      }
    }

    const decision = this.decide(monitor, { kind: 'event', event: event.type });
    const alerts = this.alertsFor(monitor, decision, check, incident, now);
    transition.deliveries = [
      ...alerts.flatMap(({ alert, notify }) => notify.map((notifier): NewDelivery => ({ alert, notifier, createdAt: now }))),
      ...this.heldDeliveries(monitor, decision, check, incident, now),
    ];
    await this.deps.store.recordTransition(transition);
    // Only once the alerts are stored: if the write fails, the detector raises the event again at
    // the next check, and the policy must decide it afresh rather than think it told.
    this.alerting.set(monitor.id, decision.state);

    if (transition.openIncident) this.events.emit('incident.opened', { monitorId: monitor.id, name: monitor.spec.name, incident: transition.openIncident });
    if (transition.resolveIncident && incident) this.events.emit('incident.resolved', { monitorId: monitor.id, name: monitor.spec.name, incident });
    this.announce(alerts, transition.deliveries.filter((d) => !d.heldReason).length);
    return state;
  }

  /**
   * Runs the alert policy for one event or check. The caller keeps the new state once the alerts
   * are stored.
   */
  private decide(monitor: Monitor, input: AlertingInput): AlertingDecision & { heldBecause: (reason: 'maintenance' | 'flapping') => string } {
    const now = this.deps.clock.now();
    const current = this.alerting.get(monitor.id) ?? initialAlertingState();
    const window = activeMaintenance(this.deps.maintenance?.() ?? [], monitor.spec.name, now);
    const decision = decideAlerts(monitor.spec.alerting, current, input, now, window !== undefined);
    for (const held of decision.suppressed) {
      this.events.emit('alert.suppressed', { monitorId: monitor.id, name: monitor.spec.name, type: held.type, reason: held.reason, window: held.reason === 'maintenance' ? window?.window.name ?? null : null });
    }
    const heldBecause = (reason: 'maintenance' | 'flapping') => (reason === 'maintenance' ? `maintenance window ${window?.window.name ?? ''}`.trim() : 'flapping');
    return { ...decision, heldBecause };
  }

  /**
   * The alerts a maintenance window or flapping held, one per notifier that would have had them:
   * kept on record (and listed by GET /api/deliveries) so a silence can be explained, never sent.
   */
  private heldDeliveries(monitor: Monitor, decision: ReturnType<MonitorEngine['decide']>, check: CheckResult, incident: Incident | null, now: number): NewDelivery[] {
    return decision.suppressed.flatMap(({ type, reason }) => {
      const alert: Alert = { id: this.newId(), type, at: now, monitor: alertMonitor(monitor.id, monitor.spec, this.deps.probe.describe(monitor.spec)), incident, check };
      return monitor.spec.notify.map((notifier): NewDelivery => ({ alert, notifier, createdAt: now, heldReason: decision.heldBecause(reason) }));
    });
  }

  private alertsFor(monitor: Monitor, decision: AlertingDecision, check: CheckResult, incident: Incident | null, now: number): Array<{ alert: Alert; notify: string[] }> {
    return decision.send.map(({ type, notify, alsoNotify }) => ({
      alert: { id: this.newId(), type: type satisfies AlertEventType, at: now, monitor: alertMonitor(monitor.id, monitor.spec, this.deps.probe.describe(monitor.spec)), incident, check },
      notify: [...new Set([...(notify === 'monitor' ? monitor.spec.notify : notify), ...(alsoNotify ?? [])])],
    }));
  }

  /** Alerts that come of a check with no transition: reminders, escalations, the end of a hold. */
  private async queueAlerts(monitor: Monitor, state: DetectorState, decision: AlertingDecision, check: CheckResult, incident: Incident | null): Promise<void> {
    const now = this.deps.clock.now();
    const alerts = this.alertsFor(monitor, decision, check, incident, now);
    const deliveries = alerts.flatMap(({ alert, notify }) => notify.map((notifier): NewDelivery => ({ alert, notifier, createdAt: now })));
    await this.deps.store.recordTransition({ monitorId: monitor.id, state, deliveries });
    this.alerting.set(monitor.id, decision.state);
    this.announce(alerts, deliveries.length);
  }

  /**
   * A certificate within one of the monitor's warn_days thresholds is told once per certificate
   * and threshold (`cert_expiring`): the smallest threshold it is within, so a certificate first
   * seen with 3 days left warns for 7 days, not for 30, 14 and 7 at once. A renewed certificate
   * (another fingerprint) starts afresh.
   */
  private async warnOfCertificate(monitor: Monitor, check: CheckResult): Promise<void> {
    const certificate = check.certificate;
    // An expired certificate is a failure of its own (kind tls), not a warning.
    if (!certificate || certificate.warnThreshold === null || certificate.fingerprint === '' || certificate.daysLeft < 0) return;
    // Told already (by this process): skip the write; the store's insert is the test across restarts.
    const key = `${monitor.id}\n${certificate.fingerprint}\n${certificate.warnThreshold}`;
    if (this.certificateWarned.has(key)) return;
    const now = this.deps.clock.now();
    // Held during maintenance: it is not recorded, so the first check after the window tells it.
    if (activeMaintenance(this.deps.maintenance?.() ?? [], monitor.spec.name, now) !== undefined) return;
    const alert: Alert = { id: this.newId(), type: 'cert_expiring', at: now, monitor: alertMonitor(monitor.id, monitor.spec, this.deps.probe.describe(monitor.spec)), incident: null, check };
    const deliveries = monitor.spec.notify.map((notifier): NewDelivery => ({ alert, notifier, createdAt: now }));
    const warning = { monitorId: monitor.id, fingerprint: certificate.fingerprint, thresholdDays: certificate.warnThreshold, sentAt: now };
    if (await this.deps.store.recordCertificateWarning(warning, deliveries)) this.announce([{ alert, notify: monitor.spec.notify }], deliveries.length);
    this.certificateWarned.add(key);
  }

  private announce(alerts: Array<{ alert: Alert; notify: string[] }>, deliveries: number): void {
    for (const { alert, notify } of alerts) this.events.emit('alert.queued', { alert, notifiers: notify });
    if (deliveries > 0) this.deps.onAlertsQueued();
  }
}

/** The state is written when it changes in a way a restart must remember, not on every check. */
function persistedFieldsChanged(a: DetectorState, b: DetectorState): boolean {
  return (
    a.status !== b.status ||
    a.confirmAttempts !== b.confirmAttempts ||
    a.successes !== b.successes ||
    a.degraded !== b.degraded ||
    a.incidentId !== b.incidentId ||
    a.failureStartedAt !== b.failureStartedAt
  );
}
