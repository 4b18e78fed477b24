import type { Kysely } from 'kysely';

/**
 * Notifiers made through the API (kysely-notifiers.ts); those of the config file live in the file.
 * Keyed by name, which monitors' `notify` and the API address them by. `settings` holds the keys
 * as the API took them (the same as under `notifiers:` in the file), as JSON: they are read whole,
 * at start and on each change, and checked again each time, never queried by their parts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifiers')
    .addColumn('name', 'text', (col) => col.notNull().primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('settings', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifiers').execute();
}
