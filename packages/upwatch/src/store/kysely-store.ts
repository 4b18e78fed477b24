import { Migrator, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { MaintenanceWindow } from '../core/maintenance.js';
import type { DetectorState } from '../core/detector.js';
import { UpwatchError } from '../core/errors.js';
import type { Incident } from '../core/incident.js';
import type { Monitor } from '../core/monitor.js';
import type { HeartbeatLast, HeartbeatPing, NewHeartbeatPing } from '../core/heartbeat.js';
import type { StatusPage } from '../core/status-page.js';
import type { DialectSpecifics } from './dialect-specifics.js';
import { KyselyDailyBars } from './kysely-daily-bars.js';
import { KyselyDashboardReads } from './kysely-dashboard-reads.js';
import { KyselyHistory } from './kysely-history.js';
import { KyselyStatusPages } from './kysely-status-pages.js';
import { KyselyNotifiers } from './kysely-notifiers.js';
import { KyselyAccounts } from './kysely-accounts.js';
import { migrationProvider } from './migrations/migrations.js';
import {
  attemptToRow,
  checkToRows,
  OUTCOME,
  incidentToRow,
  int8,
  monitorToRow,
  newDeliveryToRow,
  rowToAttempt,
  rowToCheck,
  rowToDelivery,
  rowToIncident,
  rowToMonitor,
  rowToPing,
  rowToState,
  rowToToken,
  stateToRow,
  tokenToRow,
} from './rows.js';
import type { Database } from './schema.js';
import type {
  ApiToken,
  NewApiToken,
  Session,
  User,
  CertificateWarning,
  DailyBars,
  HistoryKeyRange,
  Rollup,
  RollupMarks,
  RollupPeriod,
  UptimeFigures,
  UptimeWindow,
  NewDelivery,
  Delivery,
  DeliveryAttempt,
  DeliveryQuery,
  DeliveryRecord,
  DeliveryStatus,
  Store,
  StoredCheck,
  Transition,
  StoredNotifier,
  CheckTimings,
  LastCheck,
  UptimeCounts,
} from './store.js';

/** A check's columns, its details beside them (null for an ok check, which has none). */
const CHECK_SELECT = [
  'checks.at',
  'checks.outcome',
  'checks.status',
  'checks.dns',
  'checks.connect',
  'checks.tls',
  'checks.ttfb',
  'checks.total',
  'check_details.kind',
  'check_details.error',
  'check_details.request_id',
  'check_details.trace_id',
  'check_details.response_request_id',
  'check_details.retry_after_ms',
] as const;

/**
 * The Store over Kysely: all the logic, for every dialect. A dialect's store (sqlite/, postgres/)
 * opens the connection and passes the few things that differ as DialectSpecifics.
 *
 * @example
 * const store = new KyselyStore(new Kysely<Database>({ dialect }), sqliteSpecifics);
 * await store.migrate();
 */
export class KyselyStore implements Store {
  /** monitors.seq by monitors.id, for the checks batches (see monitorSeqs). */
  private readonly seqs = new Map<string, number>();

  /** Rollups, retention and the uptime queries: kysely-history.ts. */
  private readonly history: KyselyHistory;
  /** Status pages' daily bars: kysely-daily-bars.ts. */
  private readonly bars: KyselyDailyBars;
  /** The dashboard's bulk reads: kysely-dashboard-reads.ts. */
  private readonly dashboard: KyselyDashboardReads;
  /** Status pages: kysely-status-pages.ts. */
  private readonly statusPages: KyselyStatusPages;
  /** Notifiers made through the API: kysely-notifiers.ts. */
  private readonly notifiers: KyselyNotifiers;
  /** Users, sessions and token upkeep: kysely-accounts.ts. */
  private readonly accounts: KyselyAccounts;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly specifics: DialectSpecifics,
  ) {
    this.history = new KyselyHistory(db);
    this.bars = new KyselyDailyBars(db, specifics.maxParameters);
    this.dashboard = new KyselyDashboardReads(db);
    this.statusPages = new KyselyStatusPages(db, specifics);
    this.notifiers = new KyselyNotifiers(db, specifics);
    this.accounts = new KyselyAccounts(db, specifics);
  }

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.db, provider: migrationProvider }).migrateToLatest();
    if (error !== undefined) throw new Error('migrating the database failed', { cause: error });
  }

  async close(): Promise<void> {
    await this.specifics.beforeClose(this.db);
    await this.db.destroy();
  }

  async listMonitors(): Promise<Monitor[]> {
    const rows = await this.db.selectFrom('monitors').selectAll().orderBy('name').execute();
    return rows.map(rowToMonitor);
  }

  async findMonitor(idOrName: string): Promise<Monitor | undefined> {
    const rows = await this.db
      .selectFrom('monitors')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .execute();
    // One monitor's id may be another's name: the id wins.
    const row = rows.find((r) => r.id === idOrName) ?? rows[0];
    return row && rowToMonitor(row);
  }

  async insertMonitor(monitor: Monitor): Promise<void> {
    try {
      await this.db.insertInto('monitors').values(monitorToRow(monitor)).execute();
    } catch (err) {
      throw this.monitorConflict(err, monitor);
    }
  }

  async insertMonitors(monitors: Monitor[]): Promise<void> {
    const rows = monitors.map(monitorToRow);
    const first = rows[0];
    if (!first) return;
    const perStatement = Math.floor(this.specifics.maxParameters / Object.keys(first).length);
    try {
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += perStatement) await trx.insertInto('monitors').values(rows.slice(i, i + perStatement)).execute();
      });
    } catch (err) {
      if (!this.specifics.isUniqueViolation(err)) throw err;
      throw new UpwatchError('CONFLICT', 'a monitor of the batch has the name or id of another one', { cause: err });
    }
  }

  async updateMonitor(monitor: Monitor): Promise<void> {
    const { id, created_at: _created, ...changes } = monitorToRow(monitor);
    const result = await this.db
      .updateTable('monitors')
      .set(changes)
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        throw this.monitorConflict(err, monitor);
      });
    if (result.numUpdatedRows === 0n) throw new UpwatchError('NOT_FOUND', `no monitor with id "${id}"`);
  }

  async deleteMonitor(id: string): Promise<void> {
    // Its state, checks and incidents go with it (on delete cascade). Its deliveries stay: they are
    // the record of what was sent, and an alert already queued should still go out.
    this.seqs.delete(id);
    await this.db.deleteFrom('monitors').where('id', '=', id).execute();
    // Again: a batch may have read the key while the delete waited for its turn.
    this.seqs.delete(id);
  }

  async loadStates(): Promise<Map<string, DetectorState>> {
    const rows = await this.db.selectFrom('monitor_states').selectAll().execute();
    return new Map(rows.map((row) => [row.monitor_id, rowToState(row)]));
  }

  async saveState(monitorId: string, state: DetectorState): Promise<void> {
    try {
      await upsertState(this.db, monitorId, state);
    } catch (err) {
      throw this.translate(err, `monitor "${monitorId}"`);
    }
  }

  async insertChecks(checks: StoredCheck[]): Promise<void> {
    if (checks.length === 0) return;
    try {
      await this.writeChecks(checks);
    } catch (err) {
      // A key read for a monitor deleted meanwhile would fail every later batch: read keys afresh.
      if (this.specifics.isForeignKeyViolation(err)) this.seqs.clear();
      throw err;
    }
  }

  private async writeChecks(checks: StoredCheck[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // A monitor deleted while its results waited in the batcher: its checks have nowhere to go.
      // Dropping them here, rather than failing on the foreign key, keeps one ghost from blocking
      // every later batch.
      const seqs = await this.monitorSeqs(trx, [...new Set(checks.map((c) => c.monitorId))]);
      const rows = checks.flatMap((c) => {
        const seq = seqs.get(c.monitorId);
        return seq === undefined ? [] : [checkToRows(c, seq)];
      });
      const plain = rows.map((r) => r.check);
      const details = rows.flatMap((r) => (r.detail ? [r.detail] : []));
      // Two checks of one monitor in one millisecond share a key: only a clock set back makes
      // them, and the first one stays.
      for (const [table, values] of [['checks', plain], ['check_details', details]] as const) {
        const first = values[0];
        if (!first) continue;
        const perStatement = Math.floor(this.specifics.maxParameters / Object.keys(first).length);
        for (let i = 0; i < values.length; i += perStatement) {
          await trx
            .insertInto(table)
            .values(values.slice(i, i + perStatement) as never)
            .onConflict((oc) => oc.columns(['monitor_seq', 'at']).doNothing())
            .execute();
        }
      }
    });
  }

  async markTransient(monitorId: string, since: number): Promise<void> {
    await this.db
      .updateTable('checks')
      .set((eb) => ({ outcome: eb(eb.ref('outcome'), '|', OUTCOME.transient) }))
      .where('monitor_seq', '=', (eb) => eb.selectFrom('monitors').select('seq').where('id', '=', monitorId))
      .where('at', '>=', since)
      .where((eb) => eb(eb(eb.ref('outcome'), '&', OUTCOME.failed), '!=', 0))
      .execute();
  }

  async listChecks(monitorId: string, query: { since?: number; limit: number }): Promise<StoredCheck[]> {
    let q = this.db
      .selectFrom('checks')
      .innerJoin('monitors', 'monitors.seq', 'checks.monitor_seq')
      .leftJoin('check_details', (join) => join.onRef('check_details.monitor_seq', '=', 'checks.monitor_seq').onRef('check_details.at', '=', 'checks.at'))
      .select([...CHECK_SELECT, 'monitors.id as monitor_id'])
      .where('monitors.id', '=', monitorId);
    if (query.since !== undefined) q = q.where('checks.at', '>=', query.since);
    const rows = await q.orderBy('checks.at', 'desc').limit(query.limit).execute();
    return rows.map(rowToCheck);
  }

  async recordTransition(transition: Transition): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await upsertState(trx, transition.monitorId, transition.state);
        if (transition.openIncident) {
          await trx.insertInto('incidents').values(incidentToRow(transition.openIncident)).execute();
        }
        if (transition.resolveIncident) {
          const { id, resolvedAt } = transition.resolveIncident;
          // Only an open one: resolving twice keeps the first time.
          await trx.updateTable('incidents').set({ resolved_at: resolvedAt }).where('id', '=', id).where('resolved_at', 'is', null).execute();
        }
        if (transition.deliveries.length > 0) {
          await trx.insertInto('deliveries').values(transition.deliveries.map(newDeliveryToRow)).execute();
        }
      });
    } catch (err) {
      throw this.translate(err, `transition of monitor "${transition.monitorId}"`);
    }
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return row && rowToIncident(row);
  }

  async listIncidents(query: { monitorId?: string; open?: boolean; limit: number }): Promise<Incident[]> {
    let q = this.db.selectFrom('incidents').selectAll();
    if (query.monitorId !== undefined) q = q.where('monitor_id', '=', query.monitorId);
    if (query.open !== undefined) q = q.where('resolved_at', query.open ? 'is' : 'is not', null);
    const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(rowToIncident);
  }

  async queueHeads(): Promise<Delivery[]> {
    // Served by the partial index deliveries_pending (notifier, id): one short range per notifier.
    // Held rows are not in it, so one never becomes a head nor keeps the alerts behind it waiting.
    const heads = this.pendingDeliveries()
      .select((eb) => eb.fn.min('id').as('id'))
      .groupBy('notifier');
    const rows = await this.db.selectFrom('deliveries').selectAll().where('id', 'in', heads).orderBy('id').execute();
    return rows.map(rowToDelivery);
  }

  async markDelivered(id: number, update: { at: number; httpStatus: number | null; durationMs: number }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // The attempt's number is the count the row holds once this attempt is added to it.
      const row = await updatePendingDelivery(trx, id)
        .set((eb) => ({ delivered_at: update.at, last_http_status: update.httpStatus, attempts: eb('attempts', '+', 1) }))
        .returning('attempts')
        .executeTakeFirst();
      if (row) await insertAttempt(trx, id, { attempt: row.attempts, at: update.at, ok: true, httpStatus: update.httpStatus, error: null, durationMs: update.durationMs });
    });
  }

  async markAttemptFailed(
    id: number,
    update: { at: number; attempts: number; nextAttemptAt: number; error: string; httpStatus: number | null; durationMs: number },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await updatePendingDelivery(trx, id)
        .set({ attempts: update.attempts, next_attempt_at: update.nextAttemptAt, last_error: update.error, last_http_status: update.httpStatus })
        .returning('attempts')
        .executeTakeFirst();
      if (row) await insertAttempt(trx, id, { attempt: row.attempts, at: update.at, ok: false, httpStatus: update.httpStatus, error: update.error, durationMs: update.durationMs });
    });
  }

  async markGivenUp(id: number, update: { at: number; attempts: number; error: string; httpStatus: number | null; durationMs: number | null }): Promise<void> {
    const { durationMs } = update;
    await this.db.transaction().execute(async (trx) => {
      const row = await updatePendingDelivery(trx, id)
        .set({ given_up_at: update.at, attempts: update.attempts, last_error: update.error, last_http_status: update.httpStatus })
        .returning('attempts')
        .executeTakeFirst();
      // No duration: nothing was sent (its notifier is gone), so there is no attempt to record.
      if (row && durationMs !== null) {
        await insertAttempt(trx, id, { attempt: row.attempts, at: update.at, ok: false, httpStatus: update.httpStatus, error: update.error, durationMs });
      }
    });
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryRecord[]> {
    // One transaction, so each delivery's attempt count and its log come from the same moment.
    return this.db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('deliveries').selectAll();
      // Each filter has an index of its own (see migration 002); the cursor is a bound on the id.
      if (query.notifier !== undefined) q = q.where('notifier', '=', query.notifier);
      if (query.monitorId !== undefined) q = q.where('monitor_id', '=', query.monitorId);
      if (query.alertId !== undefined) q = q.where('alert_id', '=', query.alertId);
      const { status } = query;
      if (status !== undefined) q = q.where((eb) => hasStatus(eb, status));
      if (query.before !== undefined) q = q.where('id', '<', query.before);
      const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
      return this.withAttemptLogs(trx, rows.map(rowToDelivery));
    });
  }

  async getDelivery(id: number): Promise<DeliveryRecord | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (await this.withAttemptLogs(trx, [rowToDelivery(row)]))[0];
    });
  }

  async listMaintenanceWindows(): Promise<MaintenanceWindow[]> {
    const rows = await this.db.selectFrom('maintenance_windows').select('spec').orderBy('created_at').orderBy('name').execute();
    return rows.map((row) => JSON.parse(row.spec) as MaintenanceWindow);
  }

  async insertMaintenanceWindow(window: MaintenanceWindow, createdAt: number): Promise<void> {
    try {
      await this.db.insertInto('maintenance_windows').values({ name: window.name, spec: JSON.stringify(window), created_at: createdAt }).execute();
    } catch (err) {
      throw this.translate(err, `maintenance window "${window.name}"`);
    }
  }

  async deleteMaintenanceWindow(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('maintenance_windows').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async insertHeartbeatPing(ping: NewHeartbeatPing): Promise<HeartbeatPing> {
    try {
      const row = await this.db
        .insertInto('heartbeat_pings')
        .values({ monitor_id: ping.monitorId, at: ping.at, kind: ping.kind, message: ping.message, duration_ms: ping.durationMs, source: ping.source })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ...ping, id: int8(row.id) };
    } catch (err) {
      throw this.translate(err, `ping of monitor "${ping.monitorId}"`);
    }
  }

  async listHeartbeatPings(monitorId: string, query: { before?: number; limit: number }): Promise<HeartbeatPing[]> {
    let q = this.db.selectFrom('heartbeat_pings').selectAll().where('monitor_id', '=', monitorId);
    if (query.before !== undefined) q = q.where('id', '<', query.before);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(rowToPing);
  }

  async latestHeartbeatPings(): Promise<Map<string, HeartbeatLast>> {
    // The newest ping of each (monitor, kind): the inner query walks heartbeat_pings_monitor_at;
    // the join picks the row itself (the highest id wins a tie on the same millisecond).
    const newest = this.db
      .selectFrom('heartbeat_pings')
      .select(['monitor_id', 'kind'])
      .select((eb) => eb.fn.max('id').as('id'))
      .groupBy(['monitor_id', 'kind'])
      .as('newest');
    const rows = await this.db.selectFrom('heartbeat_pings as p').innerJoin(newest, 'newest.id', 'p.id').selectAll('p').execute();
    const latest = new Map<string, HeartbeatLast>();
    for (const row of rows) {
      const ping = rowToPing(row);
      const last = latest.get(ping.monitorId) ?? { success: null, start: null, fail: null };
      last[ping.kind] = ping;
      latest.set(ping.monitorId, last);
    }
    return latest;
  }

  async pruneHeartbeatPings(monitorId: string, keep: number): Promise<void> {
    // The oldest ping to keep, found on heartbeat_pings_monitor_at; everything older goes.
    const oldestKept = await this.db
      .selectFrom('heartbeat_pings')
      .select('id')
      .where('monitor_id', '=', monitorId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .offset(keep - 1)
      .limit(1)
      .executeTakeFirst();
    if (oldestKept === undefined) return;
    await this.db.deleteFrom('heartbeat_pings').where('monitor_id', '=', monitorId).where('id', '<', int8(oldestKept.id)).execute();
  }

  async recordCertificateWarning(warning: CertificateWarning, deliveries: NewDelivery[]): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const result = await trx
          .insertInto('certificate_warnings')
          .values({ monitor_id: warning.monitorId, fingerprint: warning.fingerprint, threshold_days: warning.thresholdDays, sent_at: warning.sentAt })
          .onConflict((oc) => oc.columns(['monitor_id', 'fingerprint', 'threshold_days']).doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        if (deliveries.length > 0) await trx.insertInto('deliveries').values(deliveries.map(newDeliveryToRow)).execute();
        return true;
      });
    } catch (err) {
      throw this.translate(err, `certificate warning of monitor "${warning.monitorId}"`);
    }
  }

  historyKeyRange = (): Promise<HistoryKeyRange | null> => this.history.historyKeyRange();
  firstCheckAt = (): Promise<number | null> => this.history.firstCheckAt();
  rollupMarks = (): Promise<RollupMarks> => this.history.rollupMarks();
  setRollupMark = (period: RollupPeriod, until: number): Promise<void> => this.history.setRollupMark(period, until);
  rollUp = (period: RollupPeriod, range: HistoryKeyRange & { from: number; to: number }): Promise<number> => this.history.rollUp(period, range);
  packDailyBars = (range: HistoryKeyRange & { from: number; to: number }): Promise<number> => this.bars.packDailyBars(range);
  pruneChecks = (range: HistoryKeyRange & { before: number; limit: number }): Promise<number> => this.history.pruneChecks(range);
  pruneRollups = (period: RollupPeriod, range: HistoryKeyRange & { before: number; limit: number }): Promise<number> => this.history.pruneRollups(period, range);
  listRollups = (monitorId: string, query: { period: RollupPeriod; from: number; to: number }): Promise<Rollup[]> => this.history.listRollups(monitorId, query);
  uptimeOf = (monitorId: string, now: number): Promise<Record<UptimeWindow, UptimeFigures> | undefined> => this.history.uptimeOf(monitorId, now);
  dailyBars = (monitorIds: readonly string[], days: number, now: number): Promise<DailyBars> => this.bars.dailyBars(monitorIds, days, now);
  lastChecks = (): Promise<Map<string, LastCheck>> => this.dashboard.lastChecks();
  uptimes24h = (now: number): Promise<Map<string, UptimeCounts>> => this.dashboard.uptimes24h(now);
  checkTimings = (monitorId: string, query: { from: number; to: number; limit: number }): Promise<CheckTimings> => this.dashboard.checkTimings(monitorId, query);

  listStatusPages = (): Promise<StatusPage[]> => this.statusPages.listStatusPages();
  findStatusPage = (slug: string): Promise<StatusPage | undefined> => this.statusPages.findStatusPage(slug);
  insertStatusPage = (page: StatusPage): Promise<void> => this.statusPages.insertStatusPage(page);
  updateStatusPage = (page: StatusPage): Promise<void> => this.statusPages.updateStatusPage(page);
  deleteStatusPage = (slug: string): Promise<boolean> => this.statusPages.deleteStatusPage(slug);
  findMonitorsByIds = (ids: readonly string[]): Promise<Monitor[]> => this.statusPages.findMonitorsByIds(ids);
  listIncidentsOverlapping = (monitorIds: readonly string[], query: { from: number; to: number; limit: number }): Promise<Incident[]> =>
    this.statusPages.listIncidentsOverlapping(monitorIds, query);

  listNotifiers = (): Promise<StoredNotifier[]> => this.notifiers.listNotifiers();
  findNotifier = (name: string): Promise<StoredNotifier | undefined> => this.notifiers.findNotifier(name);
  insertNotifier = (notifier: StoredNotifier): Promise<void> => this.notifiers.insertNotifier(notifier);
  updateNotifier = (notifier: StoredNotifier): Promise<void> => this.notifiers.updateNotifier(notifier);
  deleteNotifier = (name: string): Promise<boolean> => this.notifiers.deleteNotifier(name);

  countUsers = (): Promise<number> => this.accounts.countUsers();
  insertUser = (user: User): Promise<void> => this.accounts.insertUser(user);
  findUserByUsername = (username: string): Promise<User | undefined> => this.accounts.findUserByUsername(username);
  insertSession = (session: Session): Promise<void> => this.accounts.insertSession(session);
  findSession = (id: string): Promise<{ session: Session; user: User } | undefined> => this.accounts.findSession(id);
  touchSession = (id: string, update: { lastSeenAt: number; expiresAt: number }): Promise<void> => this.accounts.touchSession(id, update);
  deleteSession = (id: string): Promise<boolean> => this.accounts.deleteSession(id);
  deleteExpiredSessions = (now: number): Promise<number> => this.accounts.deleteExpiredSessions(now);
  listApiTokens = (): Promise<ApiToken[]> => this.accounts.listApiTokens();
  deleteApiToken = (id: string): Promise<boolean> => this.accounts.deleteApiToken(id);
  touchApiToken = (id: string, at: number, minIntervalMs: number): Promise<void> => this.accounts.touchApiToken(id, at, minIntervalMs);

  async insertApiToken(token: NewApiToken): Promise<void> {
    try {
      await this.db.insertInto('api_tokens').values(tokenToRow(token)).execute();
    } catch (err) {
      throw this.translate(err, `API token "${token.name}"`);
    }
  }

  async findApiTokenByHash(hash: string): Promise<ApiToken | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && rowToToken(row);
  }

  async countApiTokens(): Promise<number> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return int8(row.count);
  }

  /** The partial index deliveries_pending covers exactly these rows. */
  private pendingDeliveries() {
    return this.db.selectFrom('deliveries').where((eb) => hasStatus(eb, 'pending'));
  }

  /** Each delivery with its recorded attempts, read in as few statements as the parameter limit allows. */
  private async withAttemptLogs(trx: Transaction<Database>, deliveries: Delivery[]): Promise<DeliveryRecord[]> {
    const logs = new Map<number, DeliveryAttempt[]>();
    const ids = deliveries.map((d) => d.id);
    for (let i = 0; i < ids.length; i += this.specifics.maxParameters) {
      const rows = await trx
        .selectFrom('delivery_attempts')
        .select(['delivery_id', 'attempt', 'at', 'ok', 'http_status', 'error', 'duration_ms'])
        .where('delivery_id', 'in', ids.slice(i, i + this.specifics.maxParameters))
        .orderBy('delivery_id')
        .orderBy('attempt')
        .orderBy('id')
        .execute();
      for (const row of rows) {
        const deliveryId = int8(row.delivery_id);
        const log = logs.get(deliveryId) ?? [];
        log.push(rowToAttempt(row));
        logs.set(deliveryId, log);
      }
    }
    return deliveries.map((d) => ({ ...d, attemptLog: logs.get(d.id) ?? [] }));
  }

  /**
   * The checks-table key of each of these monitors that exists. Keys never change and a monitor
   * is deleted only through this store, which forgets its key then, so they are read once: a
   * batch of 800 checks a second no longer looks them up each time.
   */
  private async monitorSeqs(trx: Transaction<Database>, ids: string[]): Promise<Map<string, number>> {
    const seqs = new Map<string, number>();
    const unknown: string[] = [];
    for (const id of ids) {
      const seq = this.seqs.get(id);
      if (seq === undefined) unknown.push(id);
      else seqs.set(id, seq);
    }
    for (let i = 0; i < unknown.length; i += this.specifics.maxParameters) {
      const rows = await trx
        .selectFrom('monitors')
        .select(['id', 'seq'])
        .where('id', 'in', unknown.slice(i, i + this.specifics.maxParameters))
        .execute();
      for (const row of rows) {
        seqs.set(row.id, int8(row.seq));
        this.seqs.set(row.id, int8(row.seq));
      }
    }
    return seqs;
  }

  private monitorConflict(err: unknown, monitor: Monitor): unknown {
    if (!this.specifics.isUniqueViolation(err)) return err;
    return new UpwatchError('CONFLICT', `a monitor named "${monitor.spec.name}" or with id "${monitor.id}" exists already`, {
      cause: err,
      fields: [{ path: 'name', message: 'is taken by another monitor' }],
    });
  }

  /** Constraint failures become typed errors; anything else passes as it is. */
  private translate(err: unknown, what: string): unknown {
    if (this.specifics.isUniqueViolation(err)) return new UpwatchError('CONFLICT', `${what}: a row with the same key exists already`, { cause: err });
    if (this.specifics.isForeignKeyViolation(err)) return new UpwatchError('NOT_FOUND', `${what}: the monitor does not exist`, { cause: err });
    return err;
  }
}

/**
 * Where a delivery stands, as a filter. Each but `delivered` is exactly the predicate of a partial
 * index (`pending`: deliveries_pending and deliveries_pending_newest; `failed`: deliveries_given_up;
 * `held`: deliveries_held): a query can use such an index only when its filter implies the index's.
 */
function hasStatus(eb: ExpressionBuilder<Database, 'deliveries'>, status: DeliveryStatus): Expression<SqlBool> {
  switch (status) {
    case 'pending':
      return eb.and([eb('delivered_at', 'is', null), eb('given_up_at', 'is', null), eb('held_reason', 'is', null)]);
    case 'delivered':
      return eb('delivered_at', 'is not', null);
    case 'failed':
      return eb('given_up_at', 'is not', null);
    case 'held':
      return eb('held_reason', 'is not', null);
  }
}

/** A delivered, abandoned or held delivery is final: a late mark must not reopen or rewrite it. */
function updatePendingDelivery(db: Kysely<Database>, id: number) {
  return db.updateTable('deliveries').where('id', '=', id).where((eb) => hasStatus(eb, 'pending'));
}

/** One attempt's row in the log; called in the transaction that marks its delivery. */
async function insertAttempt(trx: Transaction<Database>, deliveryId: number, attempt: DeliveryAttempt): Promise<void> {
  await trx.insertInto('delivery_attempts').values(attemptToRow(deliveryId, attempt)).execute();
}

/** Insert or replace: both databases speak `on conflict … do update`. */
async function upsertState(db: Kysely<Database>, monitorId: string, state: DetectorState): Promise<void> {
  const { monitor_id: _id, ...fields } = stateToRow(monitorId, state);
  await db
    .insertInto('monitor_states')
    .values({ monitor_id: monitorId, ...fields })
    .onConflict((oc) => oc.column('monitor_id').doUpdateSet(fields))
    .execute();
}
