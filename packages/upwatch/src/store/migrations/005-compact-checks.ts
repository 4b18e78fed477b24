import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The checks table, narrowed to what every check needs, so that a month of checks of 50,000
 * monitors fits in well under 50 bytes a check:
 *
 * - keyed by (monitor_seq, at) with no rowid on SQLite: one b-tree that is both the table and the
 *   index a monitor's history is read by, instead of a table and an index beside it;
 * - ok, phase and transient packed in `outcome` (bit 1 failed, 2 confirmation, 4 transient): an
 *   ok regular check stores 0, which SQLite keeps in the record header at no cost;
 * - timings in whole tenths of a millisecond (the precision the API shows) as integers: one to
 *   three bytes each, where a real takes eight;
 * - what only failures (and slow answers) have (kind, error, request ids, Retry-After) in
 *   `check_details`, a row for those checks only.
 *
 * Measured with `npm run bench`: see BENCHMARKS.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const withoutRowid = postgres ? sql`` : sql`without rowid`;

  await db.schema.alterTable('checks').renameTo('checks_v1').execute();
  await db.schema
    .createTable('checks')
    .addColumn('monitor_seq', 'bigint', (col) => col.notNull().references('monitors.seq').onDelete('cascade'))
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('outcome', 'smallint', (col) => col.notNull())
    .addColumn('status', 'smallint')
    .addColumn('dns', 'integer', (col) => col.notNull())
    .addColumn('connect', 'integer', (col) => col.notNull())
    .addColumn('tls', 'integer', (col) => col.notNull())
    .addColumn('ttfb', 'integer', (col) => col.notNull())
    .addColumn('total', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('checks_pk', ['monitor_seq', 'at'])
    .modifyEnd(withoutRowid)
    .execute();
  await db.schema
    .createTable('check_details')
    .addColumn('monitor_seq', 'bigint', (col) => col.notNull().references('monitors.seq').onDelete('cascade'))
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('kind', 'text')
    .addColumn('error', 'text')
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('trace_id', 'text', (col) => col.notNull())
    .addColumn('response_request_id', 'text')
    .addColumn('retry_after_ms', 'bigint')
    .addPrimaryKeyConstraint('check_details_pk', ['monitor_seq', 'at'])
    .modifyEnd(withoutRowid)
    .execute();

  const tenths = (column: string) => sql`cast(round(${sql.ref(column)} * 10) as integer)`;
  // Two checks of one monitor in the same millisecond cannot both be kept under the new key; the
  // second is the one dropped (it can only come of a clock set back).
  await sql`
    insert into checks (monitor_seq, at, outcome, status, dns, connect, tls, ttfb, total)
    select monitor_seq, at,
      (case when ok = 1 then 0 else 1 end) + (case when phase = 'confirm' then 2 else 0 end) + (case when transient = 1 then 4 else 0 end),
      status, ${tenths('dns_ms')}, ${tenths('connect_ms')}, ${tenths('tls_ms')}, ${tenths('ttfb_ms')}, ${tenths('total_ms')}
    from checks_v1 order by id
    on conflict do nothing`.execute(db);
  await sql`
    insert into check_details (monitor_seq, at, kind, error, request_id, trace_id, response_request_id, retry_after_ms)
    select monitor_seq, at, kind, error, request_id, trace_id, response_request_id, retry_after_ms
    from checks_v1 where ok = 0 or kind is not null or error is not null order by id
    on conflict do nothing`.execute(db);
  await db.schema.dropTable('checks_v1').execute();
}

export async function down(): Promise<void> {
  throw new Error('005-compact-checks cannot be undone: the old layout kept columns this one drops');
}
