import { isoDay } from './format.js';
import { OVERALL_STATUS_TEXT, PUBLIC_STATUS_TEXT } from './public-status.js';
import type { IncidentView, StatusPageView } from './status-page-view.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** Percent to three decimals, cut rather than rounded: 99.9996 must not read as 100. */
const percent = (uptime: number | null) => (uptime === null ? null : Math.floor(uptime * 1000) / 1000);

/**
 * A status page as JSON (`/status/:slug.json`): the figures the HTML shows. Each monitor's daily
 * figures are arrays in the order of the top-level `days`, not an object a day: 9,000 objects
 * would triple the size of a page of 100 monitors.
 * @example reply.send(presentStatusPageJson(view))
 */
export function presentStatusPageJson(view: StatusPageView) {
  return {
    slug: view.slug,
    title: view.title,
    description: view.description,
    status: view.overall,
    status_text: OVERALL_STATUS_TEXT[view.overall],
    updated_at: iso(view.at),
    days: view.days.map(isoDay),
    groups: view.groups.map((group) => ({
      name: group.name,
      monitors: group.monitors.map((m) => ({
        name: m.name,
        status: m.status,
        status_text: PUBLIC_STATUS_TEXT[m.status],
        uptime: percent(m.uptime),
        daily: {
          uptime: m.days.map((d) => percent(d.uptime)),
          checks: m.days.map((d) => d.checks),
          failures: m.days.map((d) => d.failures),
        },
      })),
    })),
    current_incidents: view.currentIncidents.map(presentIncident),
    past_incidents: view.pastIncidents.map(presentIncident),
  };
}

function presentIncident(incident: IncidentView) {
  return {
    monitor: incident.monitor,
    kind: incident.kind,
    title: incident.title,
    started_at: iso(incident.startedAt),
    resolved_at: iso(incident.resolvedAt),
    duration_s: Math.round(incident.durationMs / 1000),
  };
}
