import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { onReconnect, subscribeLive } from './live';
import { allTags, filterMonitors, type Filters } from './monitor-filters';
import { monitorList } from './monitor-list';
import { MonitorRow } from './monitor-row';
import { href } from './router';
import { MONITOR_STATES, type MonitorState, type MonitorSummary } from './types';
import { VirtualList } from './virtual-list';

const ROW_HEIGHT = 44;

/** Reads every monitor again; called on start, on reconnect and when the stream names a new one. */
async function reloadList(): Promise<void> {
  monitorList.beginLoad();
  const { monitors } = await api<{ monitors: MonitorSummary[] }>('GET', '/api/dashboard/monitors');
  monitorList.load(monitors);
}

/** Re-renders on every batch the list applies; returns its version. */
function useListVersion(): number {
  const [version, setVersion] = useState(monitorList.version);
  useEffect(() => monitorList.subscribe(() => setVersion(monitorList.version)), []);
  return version;
}

/** The monitors list: live, searchable, filtered by state and tag, virtualized for 10,000 rows. */
export function MonitorsPage() {
  const version = useListVersion();
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(monitorList.isLoaded);
  const [filters, setFilters] = useState<Filters>({ query: '', state: '', tag: '' });

  useEffect(() => {
    // The stream first, then the list: nothing that happens in between is missed.
    const stopLive = subscribeLive((changes) => {
      monitorList.queue(changes.monitors);
      if (changes.uptimes) monitorList.setUptimes(changes.uptimes);
    });
    const load = () =>
      reloadList().then(
        () => {
          setLoaded(true);
          setError(null);
        },
        (err: unknown) => setError(errorMessage(err)),
      );
    let reloadTimer: number | null = null;
    monitorList.onUnknownMonitor = () => {
      reloadTimer ??= window.setTimeout(() => {
        reloadTimer = null;
        void load();
      }, 2_000);
    };
    const stopReconnect = onReconnect(() => void load());
    void load();
    return () => {
      stopLive();
      stopReconnect();
      monitorList.onUnknownMonitor = null;
      if (reloadTimer !== null) clearTimeout(reloadTimer);
    };
  }, []);

  const tags = useMemo(() => allTags(monitorList.all), [version]);
  const { shown, counts } = useMemo(() => filterMonitors(monitorList.all, filters), [version, filters]);
  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }));

  return (
    <main class="page page-wide">
      <header class="page-head">
        <h1>Monitors</h1>
        <span class="muted" data-testid="monitor-count">
          {shown.length === monitorList.all.length ? `${monitorList.all.length} monitors` : `${shown.length} of ${monitorList.all.length} monitors`}
        </span>
        <a class="button primary" href={href.newMonitor()} data-testid="new-monitor">
          New monitor
        </a>
      </header>
      <div class="filters" role="search">
        <input
          type="search"
          class="search"
          placeholder="Search name, URL, tag…"
          aria-label="Search monitors"
          data-testid="monitor-search"
          value={filters.query}
          onInput={(e) => set({ query: e.currentTarget.value })}
        />
        <div class="state-filter" role="group" aria-label="Filter by state">
          <button type="button" class={`chip ${filters.state === '' ? 'on' : ''}`} aria-pressed={filters.state === ''} onClick={() => set({ state: '' })}>
            All
          </button>
          {MONITOR_STATES.map((state: MonitorState) => (
            <button
              key={state}
              type="button"
              class={`chip chip-${state} ${filters.state === state ? 'on' : ''}`}
              aria-pressed={filters.state === state}
              data-testid={`filter-state-${state}`}
              onClick={() => set({ state: filters.state === state ? '' : state })}
            >
              {state} <span class="chip-count">{counts[state]}</span>
            </button>
          ))}
        </div>
        <label class="inline">
          Tag{' '}
          <select aria-label="Filter by tag" data-testid="filter-tag" value={filters.tag} onChange={(e) => set({ tag: e.currentTarget.value })}>
            <option value="">any</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p class="banner error" role="alert">
          {error}
        </p>
      )}
      <VirtualList
        class="monitor-list"
        label="Monitors"
        items={shown}
        rowHeight={ROW_HEIGHT}
        keyOf={(m) => m.id}
        renderRow={(m) => <MonitorRow monitor={m} />}
        header={
          <div class="mrow mrow-head" role="row">
            <span role="columnheader">State</span>
            <span role="columnheader">Name</span>
            <span role="columnheader">Target</span>
            <span role="columnheader" class="num">Response</span>
            <span role="columnheader" class="num">Uptime 24 h</span>
            <span role="columnheader">Tags</span>
          </div>
        }
        empty={
          <p class="empty">
            {!loaded ? 'Loading…' : monitorList.all.length === 0 ? <>No monitors yet. <a href={href.newMonitor()}>Create the first one</a>.</> : 'No monitor matches these filters.'}
          </p>
        }
      />
    </main>
  );
}
