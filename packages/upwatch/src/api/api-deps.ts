import type { Clock } from '../core/clock.js';
import type { DetectorState } from '../core/detector.js';
import type { Monitor } from '../core/monitor.js';
import type { Store } from '../store/store.js';

/** The running engine as the API sees it: what it must be told when a monitor changes. */
export interface MonitorRuntime {
  upsert(monitor: Monitor): void;
  remove(monitorId: string): void;
  getState(monitorId: string): DetectorState | undefined;
}

/** Everything the API's services need, handed in by the composition root. */
export interface ApiDeps {
  store: Store;
  runtime: MonitorRuntime;
  clock: Clock;
  /** Names of the notifiers configured now, to validate `notify`. */
  notifierNames: () => string[];
  newId: () => string;
  version: string;
}
