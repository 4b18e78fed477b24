import type { TSchema } from '@sinclair/typebox';
import type { HeartbeatReader } from '../core/heartbeat.js';
import type { MonitorTarget } from '../core/monitor.js';
import type { Fail } from '../config/input-readers.js';
import type { Probe } from './probe.js';

/** What the composition root hands every kind's probe; each kind takes what it needs. */
export interface ProbeDeps {
  /** The wall clock for results' `at`; durations use the monotonic clock. */
  now?: () => number;
  /** The last pings of heartbeat monitors, kept by the server. */
  heartbeats?: HeartbeatReader;
}

/** What the kind's `parse` knows of the common keys, already checked. */
export interface KindParseContext {
  timeoutMs: number | null | undefined;
  intervalMs: number | null | undefined;
}

/**
 * One kind of monitor (http, tcp, dns, tls, heartbeat): everything that differs between kinds,
 * in the kind's own folder. The registry (probe-kinds.ts) lists them; config, the API and the
 * engine reach a kind only through this interface.
 */
export interface ProbeKind<Settings = unknown> {
  readonly type: string;
  /** One line for the docs: what this kind watches. */
  readonly summary: string;
  /** The keys this kind adds to a monitor, as JSON Schema: the API docs and the known keys. */
  readonly keys: Readonly<Record<string, TSchema>>;
  /** Keys of the common set whose default differs for this kind. */
  readonly defaults?: { intervalMs?: number; confirm?: number };
  /** The kind's keys as a person wrote them → settings; problems are reported at their key. */
  parse(raw: Readonly<Record<string, unknown>>, fail: Fail, context: KindParseContext): Settings | undefined;
  /** Settings → the keys as people write them, every key present (GET returns what POST accepts). */
  output(settings: Settings): Record<string, unknown>;
  describe(settings: Settings): MonitorTarget;
  /**
   * Values chosen once, when the monitor is stored (a heartbeat's token): kept from `previous`,
   * the settings of the monitor's stored version of the same kind, or generated.
   */
  prepare?(settings: Settings, previous: Settings | undefined): Settings;
  /** A value no two monitors of this kind may share (a heartbeat's token), with its key. */
  uniqueValue?(settings: Settings): { key: string; value: string } | null;
  /** Settings worth a visible warning on the monitor, such as TLS verification turned off. */
  warnings?(settings: Settings): string[];
  createProbe(deps: ProbeDeps): Probe;
}
