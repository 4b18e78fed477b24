import type { Kysely } from 'kysely';
import { addAutoIdColumn } from './id-column.js';

/**
 * Pings of heartbeat monitors, kept as a history (run durations, failure messages); and the
 * certificate warnings already sent, so that each threshold is told once per certificate, across
 * restarts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('heartbeat_pings')
    .$call((t) => addAutoIdColumn(db, t, 'id', { neverReuse: false }))
    .addColumn('monitor_id', 'text', (col) => col.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('message', 'text')
    .addColumn('duration_ms', 'bigint')
    .addColumn('source', 'text')
    .execute();
  // The history newest first, and the latest ping of each kind at start, walk this index.
  await db.schema.createIndex('heartbeat_pings_monitor_at').on('heartbeat_pings').columns(['monitor_id', 'at']).execute();

  await db.schema
    .createTable('certificate_warnings')
    .addColumn('monitor_id', 'text', (col) => col.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('threshold_days', 'integer', (col) => col.notNull())
    .addColumn('sent_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('certificate_warnings_pk', ['monitor_id', 'fingerprint', 'threshold_days'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('certificate_warnings').execute();
  await db.schema.dropTable('heartbeat_pings').execute();
}
