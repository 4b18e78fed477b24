import { html, type Html } from '../html.js';
import { pageShell } from '../page-shell.js';
import { formatDateTime, formatDuration, formatUptime } from './format.js';
import { OVERALL_STATUS_TEXT, PUBLIC_STATUS_TEXT } from './public-status.js';
import { dayLabels, renderDayBar } from './render-day-bar.js';
import type { GroupView, IncidentView, MonitorView, StatusPageView } from './status-page-view.js';

/** The status page's own stylesheet, beside site.css (packages/upwatch/web/status-page.css). */
export const STATUS_PAGE_STYLESHEET = '/assets/status-page.css';

/**
 * A status page as a whole HTML document: no script, no inline style (the CSP allows neither),
 * readable without JavaScript. Every name and text from the page's owner is escaped by `html`.
 * @example reply.type('text/html; charset=utf-8').send(renderStatusPage(view).toString())
 */
export function renderStatusPage(view: StatusPageView): Html {
  const labels = dayLabels(view.days);
  const body = html`<main class="sp">
<header class="sp-header">
<h1>${view.title}</h1>
${view.description ? html`<p class="sp-description">${view.description}</p>` : null}
</header>
<section class="sp-overall sp-overall-${view.overall}" aria-live="polite">
<p class="sp-overall-text">${OVERALL_STATUS_TEXT[view.overall]}</p>
<p class="sp-updated">Updated <time datetime="${new Date(view.at).toISOString()}">${formatDateTime(view.at)}</time></p>
</section>
${view.currentIncidents.length > 0 ? html`<section class="sp-incidents sp-current" aria-labelledby="sp-current-title">
<h2 id="sp-current-title">Current incidents</h2>
${incidentList(view.currentIncidents)}
</section>` : null}
${view.groups.map((group) => groupSection(group, labels))}
<section class="sp-incidents sp-past" aria-labelledby="sp-past-title">
<h2 id="sp-past-title">Past incidents</h2>
${view.pastIncidents.length > 0 ? incidentList(view.pastIncidents) : html`<p class="sp-none">No incidents in the last ${view.days.length} days.</p>`}
</section>
<footer class="sp-footer">
<p>Days are UTC days. <a href="/status/${view.slug}.json">This page as JSON</a>. Monitored by upwatch.</p>
</footer>
</main>`;
  return pageShell({ title: `${view.title}: ${OVERALL_STATUS_TEXT[view.overall]}`, description: view.description || `Status of ${view.title}`, body, stylesheets: [STATUS_PAGE_STYLESHEET] });
}

/** The page for a slug that does not exist: a 404 a person can read. */
export function renderStatusPageNotFound(slug: string): Html {
  const body = html`<main class="sp sp-not-found">
<h1>No status page here</h1>
<p>There is no status page at <code>/status/${slug}</code>. Check the address, or ask whoever gave you the link.</p>
</main>`;
  return pageShell({ title: 'Status page not found', body, stylesheets: [STATUS_PAGE_STYLESHEET] });
}

function groupSection(group: GroupView, labels: readonly string[]): Html {
  return html`<section class="sp-group">
<h2>${group.name}</h2>
${group.monitors.length > 0 ? html`<ul class="sp-monitors">${group.monitors.map((m) => monitorItem(m, labels))}</ul>` : html`<p class="sp-none">No monitors in this group.</p>`}
</section>
`;
}

function monitorItem(monitor: MonitorView, labels: readonly string[]): Html {
  const days = labels.length;
  return html`<li class="sp-monitor">
<div class="sp-monitor-head"><h3>${monitor.name}</h3><span class="sp-state sp-state-${monitor.status}">${PUBLIC_STATUS_TEXT[monitor.status]}</span></div>
${renderDayBar(monitor.days, labels)}
<p class="sp-bar-legend"><span class="sp-long">${days} days ago</span><span class="sp-short">30 days ago</span><span class="sp-uptime">${formatUptime(monitor.uptime)} uptime<span class="sp-short"> over ${days} days</span></span><span>Today</span></p>
</li>
`;
}

function incidentList(incidents: readonly IncidentView[]): Html {
  return html`<ul class="sp-incident-list">${incidents.map(
    (i) => html`<li class="sp-incident${i.resolvedAt === null ? ' sp-incident-open' : ''}">
<p class="sp-incident-title"><strong>${i.monitor}</strong>: ${i.title}</p>
<p class="sp-incident-times"><time datetime="${new Date(i.startedAt).toISOString()}">${formatDateTime(i.startedAt)}</time> – ${
      i.resolvedAt === null ? 'ongoing' : html`<time datetime="${new Date(i.resolvedAt).toISOString()}">${formatDateTime(i.resolvedAt)}</time>`
    } <span class="sp-duration">(${formatDuration(i.durationMs)}${i.resolvedAt === null ? ' so far' : ''})</span></p>
</li>
`,
  )}</ul>`;
}
