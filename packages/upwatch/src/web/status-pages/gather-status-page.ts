import { FAILURE_EXPLANATIONS } from '../../core/failure-kinds.js';
import type { Incident } from '../../core/incident.js';
import { activeMaintenance, compileWindow } from '../../core/maintenance.js';
import type { Monitor } from '../../core/monitor.js';
import type { ApiDeps } from '../../api/api-deps.js';
import { overallStatus, publicStatus } from './public-status.js';
import type { DayView, IncidentView, MonitorView, StatusPageView } from './status-page-view.js';

/** The days a status page's bars cover, today's included. */
export const STATUS_PAGE_DAYS = 90;
/** Incidents read for one page at most: a flapping monitor must not make the page unbounded. */
const INCIDENT_LIMIT = 200;
const DAY_MS = 86_400_000;
const NO_INCIDENTS: readonly IncidentView[] = Object.freeze([]);

export type StatusPageDeps = Pick<ApiDeps, 'store' | 'runtime' | 'clock' | 'maintenance'>;

/**
 * Everything a status page shows, read in four statements whatever its size (the page, its
 * monitors, their packed daily bars, their incidents) plus the engine's live states.
 * Undefined for an unknown slug.
 * @example const view = await gatherStatusPage(deps, 'acme'); if (view) reply.send(renderStatusPage(view));
 */
export async function gatherStatusPage(deps: StatusPageDeps, slug: string): Promise<StatusPageView | undefined> {
  const now = deps.clock.now();
  const page = await deps.store.findStatusPage(slug);
  if (!page) return undefined;
  const ids = page.groups.flatMap((g) => g.monitors);
  const [monitors, bars] = await Promise.all([deps.store.findMonitorsByIds(ids), deps.store.dailyBars(ids, STATUS_PAGE_DAYS, now)]);
  const from = bars.days[0]!;
  const incidents = await deps.store.listIncidentsOverlapping(ids, { from, to: now + 1, limit: INCIDENT_LIMIT });

  const byId = new Map(monitors.map((m) => [m.id, m]));
  const windows = deps.maintenance.list().map((entry) => compileWindow(entry.window));
  const incidentViews = incidents.flatMap((incident) => {
    const monitor = byId.get(incident.monitorId);
    return monitor ? [{ incident, view: incidentView(incident, monitor, now) }] : [];
  });
  const daysOf = incidentsByDay(incidentViews, from, bars.days.length);

  const monitorView = (monitor: Monitor): MonitorView => {
    const figures = bars.monitors.get(monitor.id);
    const dayIncidents = daysOf.get(monitor.id);
    let checks = 0;
    let failures = 0;
    const days: DayView[] = bars.days.map((_, d) => {
      const c = figures?.checks[d] ?? 0;
      const f = figures?.failures[d] ?? 0;
      checks += c;
      failures += f;
      return { checks: c, failures: f, uptime: figures?.uptime[d] ?? null, incidents: dayIncidents?.[d] ?? NO_INCIDENTS };
    });
    const inMaintenance = activeMaintenance(windows, monitor.spec.name, now) !== undefined;
    return {
      name: monitor.spec.name,
      status: publicStatus(monitor.paused, deps.runtime.getState(monitor.id), inMaintenance),
      uptime: checks === 0 ? null : (100 * (checks - failures)) / checks,
      days,
    };
  };

  // A monitor deleted since the page was read is simply not shown.
  const groups = page.groups.map((g) => ({ name: g.name, monitors: g.monitors.flatMap((id) => (byId.has(id) ? [monitorView(byId.get(id)!)] : [])) }));
  return {
    slug: page.slug,
    title: page.title,
    description: page.description,
    at: now,
    overall: overallStatus(groups.flatMap((g) => g.monitors.map((m) => m.status))),
    days: bars.days,
    groups,
    currentIncidents: incidentViews.filter(({ incident }) => incident.resolvedAt === null).map(({ view }) => view),
    pastIncidents: incidentViews.filter(({ incident }) => incident.resolvedAt !== null).map(({ view }) => view),
  };
}

function incidentView(incident: Incident, monitor: Monitor, now: number): IncidentView {
  const kind = incident.cause.kind;
  return {
    monitor: monitor.spec.name,
    kind,
    title: FAILURE_EXPLANATIONS[kind]?.title ?? 'Outage',
    startedAt: incident.startedAt,
    resolvedAt: incident.resolvedAt,
    durationMs: (incident.resolvedAt ?? now) - incident.startedAt,
  };
}

/** Per monitor, per day of the bars, the incidents open at some time that day. */
function incidentsByDay(incidents: ReadonlyArray<{ incident: Incident; view: IncidentView }>, from: number, days: number): Map<string, IncidentView[][]> {
  const out = new Map<string, IncidentView[][]>();
  for (const { incident, view } of incidents) {
    let perDay = out.get(incident.monitorId);
    if (!perDay) out.set(incident.monitorId, (perDay = Array.from({ length: days }, () => [])));
    const first = Math.max(0, Math.floor((incident.startedAt - from) / DAY_MS));
    const last = Math.min(days - 1, Math.floor((view.startedAt + view.durationMs - from) / DAY_MS));
    // Oldest first within a day, as the day is read.
    for (let d = first; d <= last; d++) perDay[d]!.unshift(view);
  }
  return out;
}
