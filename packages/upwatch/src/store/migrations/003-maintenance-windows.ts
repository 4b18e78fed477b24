import type { Kysely } from 'kysely';

/**
 * Maintenance windows made through the API; those of the config file live in the file. The
 * window is kept whole as JSON (it is read all at once, at start and on each change, never
 * queried by its parts), keyed by its name, which the API addresses it by.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('maintenance_windows')
    .addColumn('name', 'text', (col) => col.notNull().primaryKey())
    .addColumn('spec', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('maintenance_windows').execute();
}
