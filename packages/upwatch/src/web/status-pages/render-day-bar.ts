import { escapeHtml, raw, type Html } from '../html.js';
import { formatCount, formatDateTime, formatDay, formatDuration, formatUptime } from './format.js';
import { dayLevel } from './public-status.js';
import type { DayView, IncidentView } from './status-page-view.js';

/**
 * The day labels of a page's bars, worked out once for all its monitors.
 * @example dayLabels([Date.UTC(2026, 2, 4)]) // ['Mar 4, 2026']
 */
export function dayLabels(days: readonly number[]): string[] {
  return days.map(formatDay);
}

/**
 * One monitor's bar: a cell a day, coloured by its uptime (class d-ok, d-minor, d-partial, d-major
 * or d-none), the day's figures and incidents in its `title` for hover. Built as one string: a
 * page of 100 monitors has 9,000 cells, the bulk of its render time. Every text is escaped.
 * @example renderDayBar(monitor.days, dayLabels(view.days))
 */
export function renderDayBar(days: readonly DayView[], labels: readonly string[]): Html {
  let out = '<ol class="sp-bar" aria-hidden="true">';
  for (let d = 0; d < days.length; d++) {
    const day = days[d]!;
    out += `<li class="d-${dayLevel(day.uptime)}" title="${escapeHtml(dayTitle(day, labels[d]!))}"></li>`;
  }
  return raw(`${out}</ol>`);
}

/** "Mar 4, 2026: 99.93% uptime, 1,440 checks, 1 failed", then the day's incidents, a line each. */
export function dayTitle(day: DayView, label: string): string {
  let title = day.checks === 0 ? `${label}: no data` : `${label}: ${formatUptime(day.uptime)} uptime, ${formatCount(day.checks)} checks`;
  if (day.failures > 0) title += `, ${formatCount(day.failures)} failed`;
  for (const incident of day.incidents) title += `\n${incidentLine(incident)}`;
  return title;
}

function incidentLine(incident: IncidentView): string {
  const length = formatDuration(incident.durationMs);
  return `${incident.title}: from ${formatDateTime(incident.startedAt)}, ${incident.resolvedAt === null ? `ongoing (${length} so far)` : length}`;
}
