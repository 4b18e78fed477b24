import { monitorNotes } from '../../config/monitor-input.js';
import type { ApiDeps } from '../api-deps.js';
import { dashboardState, presentLastCheck, presentUptime } from '../live/dashboard-state.js';

/**
 * Every monitor as one row of the dashboard's list: what it watches, its live state (from the
 * engine's memory), its last check and its uptime over 24 hours (read for all monitors at once, so
 * 10,000 cost three statements, not 30,000).
 */
export async function listDashboardMonitors(deps: ApiDeps) {
  const now = deps.clock.now();
  const [monitors, lastChecks, uptimes] = await Promise.all([deps.store.listMonitors(), deps.store.lastChecks(), deps.store.uptimes24h(now)]);
  return monitors.map((m) => {
    const state = deps.runtime.getState(m.id);
    return {
      id: m.id,
      name: m.spec.name,
      type: m.spec.type,
      target: monitorNotes(m.spec).target,
      source: m.source,
      paused: m.paused,
      // Specs stored before tags existed have none.
      tags: m.spec.tags ?? [],
      state: dashboardState(m.paused, state),
      since: state ? new Date(state.since).toISOString() : null,
      incident_id: state?.incidentId ?? null,
      last_check: presentLastCheck(lastChecks.get(m.id)),
      uptime_24h: presentUptime(uptimes.get(m.id)?.uptime),
    };
  });
}
