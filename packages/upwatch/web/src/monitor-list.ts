import type { LiveMonitorChange, MonitorSummary } from './types';

/**
 * The list's monitors, changed by the live stream in batches: changes wait in a map (the latest
 * per monitor) and are applied together once per animation frame, so 10,000 monitors checking
 * every few seconds cost one re-render a frame at most, not one a check. Rows are replaced, never
 * mutated, so a row that did not change keeps its identity and is not re-rendered.
 */
export class MonitorList {
  private rows: MonitorSummary[] = [];
  private index = new Map<string, number>();
  private pending = new Map<string, LiveMonitorChange>();
  /** The changes seen since a reload was asked for (beginLoad), to apply again over its answer. */
  private sinceLoad: Map<string, LiveMonitorChange> | null = null;
  private loaded = false;
  private frame: number | null = null;
  private readonly subscribers = new Set<() => void>();
  /** Changes with each applied batch: what views memoize on. */
  version = 0;
  /** Set when the stream named a monitor the list does not have (made elsewhere): time to reload. */
  onUnknownMonitor: (() => void) | null = null;

  get all(): readonly MonitorSummary[] {
    return this.rows;
  }

  get(id: string): MonitorSummary | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.rows[i];
  }

  /** Whether a list has been loaded (an empty one included). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Notes that a reload was asked for: the changes from now on are applied again over its answer. */
  beginLoad(): void {
    this.sinceLoad = new Map();
  }

  /**
   * Replaces the whole list (the answer of GET /api/dashboard/monitors). Changes that arrived while
   * it was on its way were applied to the old rows: they are applied again over the new ones, and
   * those older than the answer's own last checks are dropped there (flush).
   */
  load(rows: MonitorSummary[]): void {
    this.rows = rows;
    this.index = new Map(rows.map((row, i) => [row.id, i]));
    this.loaded = true;
    for (const [id, change] of this.sinceLoad ?? []) if (!this.pending.has(id)) this.pending.set(id, change);
    this.sinceLoad = null;
    this.changed();
    if (this.pending.size > 0) this.schedule();
  }

  /** Queues the stream's changes for the next frame. */
  queue(changes: readonly LiveMonitorChange[]): void {
    for (const change of changes) {
      this.pending.set(change.id, change);
      this.sinceLoad?.set(change.id, change);
    }
    if (changes.length > 0) this.schedule();
  }

  /** New 24-hour uptimes (the stream sends the ones that moved, once a minute): applied at once. */
  setUptimes(uptimes: ReadonlyArray<{ id: string; uptime_24h: number | null }>): void {
    let next: MonitorSummary[] | null = null;
    for (const { id, uptime_24h } of uptimes) {
      const i = this.index.get(id);
      if (i === undefined) continue;
      next ??= this.rows.slice();
      next[i] = { ...next[i]!, uptime_24h };
    }
    if (next) {
      this.rows = next;
      this.changed();
    }
  }

  /** One monitor changed here (paused, renamed): its new row. */
  put(row: MonitorSummary): void {
    const i = this.index.get(row.id);
    if (i === undefined) {
      this.rows = [...this.rows, row];
      this.index.set(row.id, this.rows.length - 1);
    } else {
      this.rows = this.rows.slice();
      this.rows[i] = row;
    }
    this.changed();
  }

  remove(id: string): void {
    if (!this.index.has(id)) return;
    this.load(this.rows.filter((row) => row.id !== id));
  }

  subscribe(fn: () => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Applies the queued changes now (the frame callback; tests and hidden tabs call it directly). */
  flush(): void {
    this.frame = null;
    // Before the first list, changes wait for it: it may be older than they are.
    if (this.pending.size === 0 || !this.loaded) return;
    let next: MonitorSummary[] | null = null;
    let unknown = false;
    for (const change of this.pending.values()) {
      const i = this.index.get(change.id);
      if (i === undefined) {
        unknown = true;
        continue;
      }
      const row = (next ?? this.rows)[i]!;
      // The list may be newer than a change queued before it loaded.
      if (row.last_check && Date.parse(row.last_check.at) > Date.parse(change.last_check.at)) continue;
      next ??= this.rows.slice();
      const { phase: _phase, ...last } = change.last_check;
      next[i] = { ...row, state: row.paused ? 'paused' : change.state, since: change.since, incident_id: change.incident_id, last_check: last };
    }
    this.pending.clear();
    if (next) {
      this.rows = next;
      this.changed();
    }
    if (unknown) this.onUnknownMonitor?.();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    // A hidden tab gets no animation frames: a timer there, so the queue cannot grow unbounded.
    this.frame = document.hidden ? window.setTimeout(() => this.flush(), 1_000) : requestAnimationFrame(() => this.flush());
  }

  private changed(): void {
    this.version++;
    for (const fn of this.subscribers) fn();
  }
}

/** The page's one list, kept across visits to a monitor and back. */
export const monitorList = new MonitorList();
