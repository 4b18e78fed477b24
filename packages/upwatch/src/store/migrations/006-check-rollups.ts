import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { HISTOGRAM_COLUMNS } from '../latency-histogram.js';

/**
 * Rollups of the checks per minute, hour and day, so that uptime over 90 days or a status page of
 * many monitors reads a few rows per monitor instead of every check, and raw checks can be dropped
 * after `retention.checks`. src/history/ fills and prunes them; kysely-history.ts and
 * kysely-daily-bars.ts read them.
 *
 * - Keyed (monitor_seq, period, bucket) with no rowid on SQLite, like checks: one monitor's rows of
 *   one period are one contiguous range of the b-tree, which every read and every prune is.
 * - `period` in seconds (60, 3600, 86400). An integer, not a smallint: 86400 does not fit in
 *   PostgreSQL's 2-byte smallint (SQLite would not care).
 * - Counts regular checks only (see kysely-history.ts for why); `failures` leaves out transient ones.
 * - `total_sum`: the ok checks' total time in tenths of a ms, for the mean.
 * - h0 … h23: the ok checks' total time as a histogram (latency-histogram.ts). A zero costs SQLite
 *   nothing but its type byte in the record header, and merging buckets is plain addition.
 *
 * rollup_marks keeps, per period, the time before which every bucket is complete.
 *
 * daily_bars: per monitor, one row with the last 100 days' checks and failures packed in a blob
 * (two little-endian uint32 a day, today's so far last), for status pages: 1,000 monitors x 90
 * days is then 1,000 rows, where the day rollups are 90,000 (see kysely-daily-bars.ts). The
 * minute rollups before `packed_until` are in the blob.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const withoutRowid = postgres ? sql`` : sql`without rowid`;

  let table = db.schema
    .createTable('check_rollups')
    .addColumn('monitor_seq', 'bigint', (col) => col.notNull().references('monitors.seq').onDelete('cascade'))
    .addColumn('period', 'integer', (col) => col.notNull())
    .addColumn('bucket', 'bigint', (col) => col.notNull())
    .addColumn('checks', 'integer', (col) => col.notNull())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('total_sum', 'bigint', (col) => col.notNull());
  for (const column of HISTOGRAM_COLUMNS) table = table.addColumn(column, 'integer', (col) => col.notNull().defaultTo(0));
  await table.addPrimaryKeyConstraint('check_rollups_pk', ['monitor_seq', 'period', 'bucket']).modifyEnd(withoutRowid).execute();

  await db.schema
    .createTable('daily_bars')
    .addColumn('monitor_seq', 'bigint', (col) => col.notNull().primaryKey().references('monitors.seq').onDelete('cascade'))
    .addColumn('first_day', 'integer', (col) => col.notNull())
    .addColumn('packed_until', 'bigint', (col) => col.notNull())
    .addColumn('bars', postgres ? 'bytea' : 'blob', (col) => col.notNull())
    // Without a rowid the key is the b-tree's own: no second index to look the row up in.
    .modifyEnd(withoutRowid)
    .execute();

  await db.schema
    .createTable('rollup_marks')
    .addColumn('period', 'integer', (col) => col.notNull().primaryKey())
    .addColumn('rolled_until', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollup_marks').execute();
  await db.schema.dropTable('daily_bars').execute();
  await db.schema.dropTable('check_rollups').execute();
}
