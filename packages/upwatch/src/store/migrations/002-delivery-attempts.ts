import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { addAutoIdColumn } from './id-column.js';

// Every attempt of every delivery on record, held alerts, and what listing deliveries by notifier,
// monitor and status needs. Like 001, only what both databases accept, bar the one backfill below.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('held_reason', 'text').execute();
  await db.schema.alterTable('deliveries').addColumn('monitor_id', 'text').execute();
  // Rows already queued get their monitor from the alert they carry; new rows are written with it.
  await db
    .updateTable('deliveries')
    .set({ monitor_id: alertMonitorId(db) })
    .execute();

  // The queue heads must skip held rows, so the partial index that finds them skips those too: a
  // query can use a partial index only when its own filter implies the index's.
  await db.schema.dropIndex('deliveries_pending').execute();
  await db.schema
    .createIndex('deliveries_pending')
    .on('deliveries')
    .columns(['notifier', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('given_up_at'), 'is', null)
    .where(sql.ref('held_reason'), 'is', null)
    .execute();
  // GET /api/deliveries?notifier= and ?monitor=, newest first and paged by id: each is one range
  // read backwards from the cursor, not a walk over the whole history.
  await db.schema.createIndex('deliveries_notifier').on('deliveries').columns(['notifier', 'id']).execute();
  await db.schema.createIndex('deliveries_monitor').on('deliveries').columns(['monitor_id', 'id']).execute();
  // ?status=pending, failed and held each pick a few rows out of a long, mostly delivered history:
  // read newest first through the table, a page that asks for more of them than there are would
  // walk the whole of it. deliveries_pending is ordered by notifier first, so it cannot serve
  // "newest first" across notifiers. (?status=delivered needs none: those are most rows.)
  await db.schema
    .createIndex('deliveries_pending_newest')
    .on('deliveries')
    .column('id')
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('given_up_at'), 'is', null)
    .where(sql.ref('held_reason'), 'is', null)
    .execute();
  await db.schema.createIndex('deliveries_given_up').on('deliveries').column('id').where(sql.ref('given_up_at'), 'is not', null).execute();
  await db.schema.createIndex('deliveries_held').on('deliveries').column('id').where(sql.ref('held_reason'), 'is not', null).execute();

  await db.schema
    .createTable('delivery_attempts')
    .$call((t) => addAutoIdColumn(db, t, 'id', { neverReuse: false }))
    .addColumn('delivery_id', 'bigint', (col) => col.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('ok', 'smallint', (col) => col.notNull())
    .addColumn('http_status', 'smallint')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .execute();
  // A delivery's attempt log in order, for a page of deliveries at once; the cascade from deliveries
  // walks it too. Not unique on purpose: the log is a record, and a duplicate attempt number (two
  // sends racing) must not fail the write that marks the delivery, or it would be sent yet again.
  await db.schema.createIndex('delivery_attempts_delivery').on('delivery_attempts').columns(['delivery_id', 'attempt']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('delivery_attempts').execute();
  for (const index of ['deliveries_held', 'deliveries_given_up', 'deliveries_pending_newest', 'deliveries_monitor', 'deliveries_notifier', 'deliveries_pending']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema
    .createIndex('deliveries_pending')
    .on('deliveries')
    .columns(['notifier', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('given_up_at'), 'is', null)
    .execute();
  await db.schema.alterTable('deliveries').dropColumn('monitor_id').execute();
  await db.schema.alterTable('deliveries').dropColumn('held_reason').execute();
}

/** `alert.monitor.id` out of the JSON in the `alert` column: the databases spell JSON access differently. */
function alertMonitorId(db: Kysely<any>): RawBuilder<string | null> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return sql<string | null>`(alert::jsonb -> 'monitor' ->> 'id')`;
  return sql<string | null>`json_extract(alert, '$.monitor.id')`;
}
