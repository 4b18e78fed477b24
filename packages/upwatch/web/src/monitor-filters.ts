import { MONITOR_STATES, type MonitorState, type MonitorSummary } from './types';

export interface Filters {
  /** Words that must all appear in the name, target, type or tags (case ignored). */
  query: string;
  state: MonitorState | '';
  tag: string;
}

/**
 * The monitors that pass the filters, with the count of each state among those that pass the
 * search and tag (so the state buttons say what choosing them would show).
 * @example filterMonitors(rows, { query: 'api prod', state: 'down', tag: '' })
 */
export function filterMonitors(rows: readonly MonitorSummary[], filters: Filters) {
  const words = filters.query.toLowerCase().split(/\s+/).filter(Boolean);
  const counts = Object.fromEntries(MONITOR_STATES.map((s) => [s, 0])) as Record<MonitorState, number>;
  const shown: MonitorSummary[] = [];
  for (const row of rows) {
    if (filters.tag && !row.tags.includes(filters.tag)) continue;
    if (words.length > 0) {
      const text = `${row.name} ${row.target} ${row.type} ${row.tags.join(' ')}`.toLowerCase();
      if (!words.every((w) => text.includes(w))) continue;
    }
    counts[row.state]++;
    if (!filters.state || row.state === filters.state) shown.push(row);
  }
  return { shown, counts };
}

/** Every tag in use, sorted. */
export function allTags(rows: readonly MonitorSummary[]): string[] {
  const tags = new Set<string>();
  for (const row of rows) for (const tag of row.tags) tags.add(tag);
  return [...tags].sort();
}
