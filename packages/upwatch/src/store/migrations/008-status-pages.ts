import type { Kysely } from 'kysely';

/**
 * Public status pages (kysely-status-pages.ts).
 *
 * - status_pages: one row a page; `slug` is its address, unique. `group_names` holds the groups'
 *   names in order as a JSON array: they are only ever read with the page, never queried.
 * - status_page_monitors: a row per monitor shown, by group and position. A row, not an id in a
 *   JSON list, so that deleting a monitor removes it from every page by the cascade, whoever
 *   deletes it (the API, a config reload): a page never points at a monitor that is gone.
 *   The index on monitor_id serves that cascade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_pages')
    .addColumn('id', 'text', (col) => col.notNull().primaryKey())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('group_names', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('status_page_monitors')
    .addColumn('page_id', 'text', (col) => col.notNull().references('status_pages.id').onDelete('cascade'))
    .addColumn('group_index', 'integer', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('monitor_id', 'text', (col) => col.notNull().references('monitors.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('status_page_monitors_pk', ['page_id', 'group_index', 'position'])
    .execute();
  await db.schema.createIndex('status_page_monitors_monitor').on('status_page_monitors').column('monitor_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_page_monitors').execute();
  await db.schema.dropTable('status_pages').execute();
}
