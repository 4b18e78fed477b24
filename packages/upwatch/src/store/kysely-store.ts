import { Migrator, type Kysely, type Transaction } from 'kysely';
import type { DetectorState } from '../core/detector.js';
import { UpwatchError } from '../core/errors.js';
import type { Incident } from '../core/incident.js';
import type { Monitor } from '../core/monitor.js';
import type { DialectSpecifics } from './dialect-specifics.js';
import { migrationProvider } from './migrations/migrations.js';
import {
  checkToRow,
  incidentToRow,
  int8,
  monitorToRow,
  newDeliveryToRow,
  rowToCheck,
  rowToDelivery,
  rowToIncident,
  rowToMonitor,
  rowToState,
  rowToToken,
  stateToRow,
  tokenToRow,
} from './rows.js';
import type { Database } from './schema.js';
import type { ApiToken, Delivery, Store, StoredCheck, Transition } from './store.js';

/** Every column of `checks` but its keys, which nobody outside the table needs. */
const CHECK_SELECT = [
  'checks.at',
  'checks.ok',
  'checks.kind',
  'checks.status',
  'checks.phase',
  'checks.transient',
  'checks.dns_ms',
  'checks.connect_ms',
  'checks.tls_ms',
  'checks.ttfb_ms',
  'checks.total_ms',
  'checks.request_id',
  'checks.trace_id',
  'checks.response_request_id',
  'checks.error',
  'checks.retry_after_ms',
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
  constructor(
    private readonly db: Kysely<Database>,
    private readonly specifics: DialectSpecifics,
  ) {}

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
    await this.db.deleteFrom('monitors').where('id', '=', id).execute();
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
    await this.db.transaction().execute(async (trx) => {
      // A monitor deleted while its results waited in the batcher: its checks have nowhere to go.
      // Dropping them here, rather than failing on the foreign key, keeps one ghost from blocking
      // every later batch.
      const seqs = await this.monitorSeqs(trx, [...new Set(checks.map((c) => c.monitorId))]);
      const rows = checks.flatMap((c) => {
        const seq = seqs.get(c.monitorId);
        return seq === undefined ? [] : [checkToRow(c, seq)];
      });
      const first = rows[0];
      if (!first) return;
      const perStatement = Math.floor(this.specifics.maxParameters / Object.keys(first).length);
      for (let i = 0; i < rows.length; i += perStatement) {
        await trx.insertInto('checks').values(rows.slice(i, i + perStatement)).execute();
      }
    });
  }

  async markTransient(monitorId: string, since: number): Promise<void> {
    await this.db
      .updateTable('checks')
      .set({ transient: 1 })
      .where('monitor_seq', '=', (eb) => eb.selectFrom('monitors').select('seq').where('id', '=', monitorId))
      .where('at', '>=', since)
      .where('ok', '=', 0)
      .execute();
  }

  async listChecks(monitorId: string, query: { since?: number; limit: number }): Promise<StoredCheck[]> {
    let q = this.db
      .selectFrom('checks')
      .innerJoin('monitors', 'monitors.seq', 'checks.monitor_seq')
      .select([...CHECK_SELECT, 'monitors.id as monitor_id'])
      .where('monitors.id', '=', monitorId);
    if (query.since !== undefined) q = q.where('checks.at', '>=', query.since);
    const rows = await q.orderBy('checks.at', 'desc').orderBy('checks.id', 'desc').limit(query.limit).execute();
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
    const heads = this.pendingDeliveries()
      .select((eb) => eb.fn.min('id').as('id'))
      .groupBy('notifier');
    const rows = await this.db.selectFrom('deliveries').selectAll().where('id', 'in', heads).orderBy('id').execute();
    return rows.map(rowToDelivery);
  }

  async markDelivered(id: number, at: number, httpStatus: number | null): Promise<void> {
    await this.updatePendingDelivery(id)
      .set((eb) => ({ delivered_at: at, last_http_status: httpStatus, attempts: eb('attempts', '+', 1) }))
      .execute();
  }

  async markAttemptFailed(id: number, update: { attempts: number; nextAttemptAt: number; error: string; httpStatus: number | null }): Promise<void> {
    await this.updatePendingDelivery(id)
      .set({ attempts: update.attempts, next_attempt_at: update.nextAttemptAt, last_error: update.error, last_http_status: update.httpStatus })
      .execute();
  }

  async markGivenUp(id: number, update: { at: number; attempts: number; error: string; httpStatus: number | null }): Promise<void> {
    await this.updatePendingDelivery(id)
      .set({ given_up_at: update.at, attempts: update.attempts, last_error: update.error, last_http_status: update.httpStatus })
      .execute();
  }

  /** Newest first. */
  async listDeliveries(query: { alertId?: string; limit: number }): Promise<Delivery[]> {
    let q = this.db.selectFrom('deliveries').selectAll();
    if (query.alertId !== undefined) q = q.where('alert_id', '=', query.alertId);
    const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(rowToDelivery);
  }

  async insertApiToken(token: ApiToken): Promise<void> {
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
    return this.db.selectFrom('deliveries').where('delivered_at', 'is', null).where('given_up_at', 'is', null);
  }

  /** A delivered or abandoned delivery is final: a late mark must not reopen or rewrite it. */
  private updatePendingDelivery(id: number) {
    return this.db.updateTable('deliveries').where('id', '=', id).where('delivered_at', 'is', null).where('given_up_at', 'is', null);
  }

  /** The checks-table key of each of these monitors that exists. */
  private async monitorSeqs(trx: Transaction<Database>, ids: string[]): Promise<Map<string, number>> {
    const seqs = new Map<string, number>();
    for (let i = 0; i < ids.length; i += this.specifics.maxParameters) {
      const rows = await trx
        .selectFrom('monitors')
        .select(['id', 'seq'])
        .where('id', 'in', ids.slice(i, i + this.specifics.maxParameters))
        .execute();
      for (const row of rows) seqs.set(row.id, int8(row.seq));
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

/** Insert or replace: both databases speak `on conflict … do update`. */
async function upsertState(db: Kysely<Database>, monitorId: string, state: DetectorState): Promise<void> {
  const { monitor_id: _id, ...fields } = stateToRow(monitorId, state);
  await db
    .insertInto('monitor_states')
    .values({ monitor_id: monitorId, ...fields })
    .onConflict((oc) => oc.column('monitor_id').doUpdateSet(fields))
    .execute();
}
