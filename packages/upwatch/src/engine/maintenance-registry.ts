import { compileWindow, type CompiledWindow, type MaintenanceWindow } from '../core/maintenance.js';
import type { Store } from '../store/store.js';

export interface MaintenanceEntry {
  window: MaintenanceWindow;
  source: 'config' | 'api';
}

/**
 * The maintenance windows in force: the config file's (replaced on each reload) and those made
 * through the API (kept in the store). The engine reads the compiled list at every check, so a
 * change applies from the next one; cron expressions are compiled once per change, not per check.
 */
export class MaintenanceRegistry {
  private fromConfig: MaintenanceWindow[] = [];
  private fromApi: MaintenanceWindow[] = [];
  private compiledWindows: CompiledWindow[] = [];

  constructor(private readonly store: Store, private readonly now: () => number) {}

  /** Reads the API's windows from the store: once, at start. */
  async load(configWindows: MaintenanceWindow[]): Promise<void> {
    this.fromApi = await this.store.listMaintenanceWindows();
    this.setConfigWindows(configWindows);
  }

  /** The config file's windows, on start and on each reload. */
  setConfigWindows(windows: MaintenanceWindow[]): void {
    this.fromConfig = windows;
    this.recompile();
  }

  list(): MaintenanceEntry[] {
    return [...this.fromConfig.map((window) => ({ window, source: 'config' as const })), ...this.fromApi.map((window) => ({ window, source: 'api' as const }))];
  }

  async add(window: MaintenanceWindow): Promise<void> {
    await this.store.insertMaintenanceWindow(window, this.now());
    this.fromApi = [...this.fromApi, window];
    this.recompile();
  }

  async remove(name: string): Promise<void> {
    await this.store.deleteMaintenanceWindow(name);
    this.fromApi = this.fromApi.filter((w) => w.name !== name);
    this.recompile();
  }

  compiled(): readonly CompiledWindow[] {
    return this.compiledWindows;
  }

  private recompile(): void {
    this.compiledWindows = [...this.fromConfig, ...this.fromApi].map(compileWindow);
  }
}
