import { sql, type Kysely } from 'kysely';
import { addAutoIdColumn } from './id-column.js';

// Only the schema builder and types both databases accept: PostgreSQL runs this file too.
// bigint holds the ms times (SQLite gives it INTEGER affinity); smallint holds flags and statuses.
// `real` is 4 bytes in PostgreSQL (about 7 significant digits: µs precision up to 10 s), plenty for
// timings and it keeps the checks table narrow; SQLite stores every real in 8 bytes anyway.
// Text keys say `not null` because SQLite, for old times' sake, would accept a null primary key.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitors')
    // The key of the checks table (see schema.ts); everything else refers to monitors by id.
    .$call((t) => addAutoIdColumn(db, t, 'seq', { neverReuse: true }))
    .addColumn('id', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('paused', 'smallint', (col) => col.notNull())
    .addColumn('spec', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('monitor_states')
    .addColumn('monitor_id', 'text', (col) => col.notNull().primaryKey().references('monitors.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('since', 'bigint', (col) => col.notNull())
    .addColumn('failure_started_at', 'bigint')
    .addColumn('confirm_attempts', 'integer', (col) => col.notNull())
    .addColumn('successes', 'integer', (col) => col.notNull())
    .addColumn('degraded', 'smallint', (col) => col.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('last_check_at', 'bigint')
    .execute();

  await db.schema
    .createTable('checks')
    .$call((t) => addAutoIdColumn(db, t, 'id', { neverReuse: false }))
    .addColumn('monitor_seq', 'bigint', (col) => col.notNull().references('monitors.seq').onDelete('cascade'))
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('ok', 'smallint', (col) => col.notNull())
    .addColumn('kind', 'text')
    .addColumn('status', 'smallint')
    .addColumn('phase', 'text', (col) => col.notNull())
    .addColumn('transient', 'smallint', (col) => col.notNull())
    .addColumn('dns_ms', 'real', (col) => col.notNull())
    .addColumn('connect_ms', 'real', (col) => col.notNull())
    .addColumn('tls_ms', 'real', (col) => col.notNull())
    .addColumn('ttfb_ms', 'real', (col) => col.notNull())
    .addColumn('total_ms', 'real', (col) => col.notNull())
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('trace_id', 'text', (col) => col.notNull())
    .addColumn('response_request_id', 'text')
    .addColumn('error', 'text')
    .addColumn('retry_after_ms', 'bigint')
    .execute();
  // History newest first, "since", transient marking and the cascade on delete all walk this one.
  await db.schema.createIndex('checks_monitor_at').on('checks').columns(['monitor_seq', 'at']).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (col) => col.notNull().primaryKey())
    .addColumn('monitor_id', 'text', (col) => col.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('confirmed_at', 'bigint', (col) => col.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('status', 'smallint')
    .addColumn('error', 'text')
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('response_request_id', 'text')
    .addColumn('timings', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('incidents_monitor_started').on('incidents').columns(['monitor_id', 'started_at']).execute();
  await db.schema.createIndex('incidents_started').on('incidents').column('started_at').execute();
  await db.schema.createIndex('incidents_open').on('incidents').column('started_at').where(sql.ref('resolved_at'), 'is', null).execute();

  await db.schema
    .createTable('deliveries')
    .$call((t) => addAutoIdColumn(db, t, 'id', { neverReuse: true }))
    .addColumn('alert_id', 'text', (col) => col.notNull())
    .addColumn('notifier', 'text', (col) => col.notNull())
    .addColumn('alert', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('given_up_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_http_status', 'smallint')
    .execute();
  // Only pending deliveries are in it, so finding each notifier's oldest pending delivery (the
  // outbox's queue heads) reads a handful of entries however long the delivered history grows.
  await db.schema
    .createIndex('deliveries_pending')
    .on('deliveries')
    .columns(['notifier', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('given_up_at'), 'is', null)
    .execute();
  await db.schema.createIndex('deliveries_alert').on('deliveries').column('alert_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (col) => col.notNull().primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['api_tokens', 'deliveries', 'incidents', 'checks', 'monitor_states', 'monitors']) {
    await db.schema.dropTable(table).execute();
  }
}
