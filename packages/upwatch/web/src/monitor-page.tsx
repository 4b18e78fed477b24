import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from './api';
import { ChecksTable } from './checks-table';
import { formatAgo, formatMs } from './format';
import { IncidentsTable } from './incidents-table';
import { onReconnect, subscribeLive } from './live';
import { MonitorActions } from './monitor-actions';
import { ResponseChart } from './response-chart';
import { href } from './router';
import { StateBadge } from './state-badge';
import { UPTIME_WINDOWS, type Check, type Incident, type LiveMonitorChange, type MonitorDetail, type MonitorState, type Series, type UptimeWindow, type UptimeWindowFigures } from './types';
import { UptimeFigures } from './uptime-figures';
import { useResource, type Resource } from './use-resource';

/** A section's body: its content once read, its error if the read failed, else a loading line. */
function sectionBody<T>(resource: Resource<T>, render: (data: T) => ComponentChildren) {
  if (resource.data !== undefined) return render(resource.data);
  if (resource.error) {
    return (
      <p class="banner error" role="alert">
        {errorMessage(resource.error)}
      </p>
    );
  }
  return <p class="muted">Loading…</p>;
}

/** The detector's state of GET /api/monitors/:id in the list's words (src/api/live/dashboard-state.ts). */
function stateOf(m: MonitorDetail): MonitorState {
  if (m.paused) return 'paused';
  switch (m.state.status) {
    case 'down':
    case 'recovering':
      return 'down';
    case 'up':
    case 'verifying':
      return m.state.degraded ? 'degraded' : 'up';
    default:
      return 'pending';
  }
}

/** Calls `fn` at most once per `ms`, the last call winning. */
function useThrottled(fn: () => void, ms: number): () => void {
  const timer = useRef<number | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => void (timer.current !== null && clearTimeout(timer.current)), []);
  return () => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  };
}

/** One monitor: state, chart, uptime, recent checks and incidents, live. */
export function MonitorPage({ id }: { id: string }) {
  const path = `/api/monitors/${encodeURIComponent(id)}`;
  const [range, setRange] = useState<UptimeWindow>('24h');
  const monitor = useResource<MonitorDetail>(path);
  const uptime = useResource<Record<UptimeWindow, UptimeWindowFigures>>(`${path}/uptime`);
  const series = useResource<Series>(`${path}/series?range=${range}`);
  const checks = useResource<{ checks: Check[] }>(`${path}/checks?limit=50`);
  const incidents = useResource<{ incidents: Incident[] }>(`/api/incidents?monitor=${encodeURIComponent(id)}&limit=50`);
  const [live, setLive] = useState<LiveMonitorChange | null>(null);

  const refreshChecks = useThrottled(() => {
    checks.reload();
    uptime.reload();
  }, 3_000);
  const refreshChart = useThrottled(() => series.reload(), 30_000);

  // After a break in the stream, whatever happened meanwhile (an incident opened or closed) is read again.
  useEffect(
    () =>
      onReconnect(() => {
        monitor.reload();
        incidents.reload();
        checks.reload();
        uptime.reload();
      }),
    [id],
  );

  useEffect(() => {
    setLive(null);
    return subscribeLive((changes) => {
      const mine = changes.monitors.find((m) => m.id === monitor.data?.id || m.id === id);
      if (mine) {
        setLive(mine);
        refreshChecks();
        refreshChart();
      }
      if (changes.incidents.some((i) => i.monitor_id === monitor.data?.id || i.monitor_id === id)) {
        incidents.reload();
        monitor.reload();
      }
    });
  }, [id, monitor.data?.id]);

  const name = monitor.data?.name;
  useEffect(() => {
    if (name !== undefined) document.title = `${name} · upwatch`;
  }, [name]);

  if (monitor.error) {
    return (
      <main class="page">
        <p class="banner error" role="alert">
          {errorMessage(monitor.error)}
        </p>
        <a href={href.monitors()}>Back to the monitors</a>
      </main>
    );
  }
  const m = monitor.data;
  if (!m) return <main class="page">Loading…</main>;
  const state = live && !m.paused ? live.state : stateOf(m);
  const lastCheck = live?.last_check;

  return (
    <main class="page" data-testid="monitor-page" data-monitor-id={m.id}>
      <nav class="crumbs">
        <a href={href.monitors()}>Monitors</a> / {m.name}
      </nav>
      <header class="page-head">
        <h1 data-testid="monitor-name">{m.name}</h1>
        <span data-testid="monitor-state" data-state={state}>
          <StateBadge state={state} />
        </span>
        <MonitorActions monitor={m} onChanged={() => monitor.reload()} />
      </header>
      <p class="target">
        <span class="tag">{m.type}</span> <span class="mono">{m.target}</span> · every {m.interval}
        {(m.tags ?? []).map((t) => (
          <span key={t} class="tag">
            {t}
          </span>
        ))}
      </p>
      <p class="muted" data-testid="monitor-last-check">
        {lastCheck
          ? `Last check ${formatAgo(lastCheck.at)}: ${lastCheck.ok ? formatMs(lastCheck.ms) : (lastCheck.kind ?? 'failed')}`
          : m.state.last_check_at
            ? `Last check ${formatAgo(m.state.last_check_at)}`
            : 'Not checked yet'}
      </p>
      {m.warnings.map((w) => (
        <p key={w} class="banner warn">
          {w}
        </p>
      ))}

      <section aria-labelledby="h-chart">
        <div class="section-head">
          <h2 id="h-chart">Response time</h2>
          <div class="segmented" role="group" aria-label="Chart range">
            {UPTIME_WINDOWS.map((w) => (
              <button key={w} type="button" class={range === w ? 'on' : ''} aria-pressed={range === w} data-testid={`range-${w}`} onClick={() => setRange(w)}>
                {w}
              </button>
            ))}
          </div>
        </div>
        {series.data && series.data.range === range ? <ResponseChart series={series.data} /> : <div class="chart chart-loading">Loading…</div>}
        {series.error && <p class="banner error">{errorMessage(series.error)}</p>}
      </section>

      <section aria-labelledby="h-uptime">
        <h2 id="h-uptime">Uptime</h2>
        {sectionBody(uptime, (data) => <UptimeFigures uptime={data} />)}
      </section>

      <section aria-labelledby="h-incidents">
        <h2 id="h-incidents">Incidents</h2>
        {sectionBody(incidents, (data) => <IncidentsTable incidents={data.incidents} />)}
      </section>

      <section aria-labelledby="h-checks">
        <h2 id="h-checks">Recent checks</h2>
        {sectionBody(checks, (data) => <ChecksTable checks={data.checks} />)}
      </section>
    </main>
  );
}
