import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Adds an auto-assigned int8 primary key: the one column the two databases spell differently, so
 * the migrations call this instead of naming a type.
 *
 * @example
 * db.schema.createTable('deliveries').$call((t) => addAutoIdColumn(db, t, 'id', { neverReuse: true }))
 */
export function addAutoIdColumn<T extends string, C extends string, N extends string>(
  // Migrations run against any schema version, so they see the database untyped.
  db: Kysely<any>,
  table: CreateTableBuilder<T, C>,
  name: N,
  options: { neverReuse: boolean },
): CreateTableBuilder<T, C | N> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // An identity never hands out a value twice, which covers `neverReuse`.
    return table.addColumn(name, 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity());
  }
  // SQLite: INTEGER PRIMARY KEY is the rowid itself, with no second index. AUTOINCREMENT only adds
  // the promise never to reuse the key of a deleted last row, at the cost of a write per insert.
  return table.addColumn(name, 'integer', (col) => (options.neverReuse ? col.primaryKey().autoIncrement() : col.primaryKey()));
}
