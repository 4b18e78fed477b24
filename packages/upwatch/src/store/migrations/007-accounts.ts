import { sql, type Kysely } from 'kysely';

/**
 * Accounts for the web face (src/api/auth/):
 * - `users`: a username, unique whatever its case (a unique index on lower(username): both
 *   databases have expression indexes), and a self-describing scrypt hash, never the password.
 * - `sessions`: one row per login. The id is the SHA-256 of the cookie's value, so a copy of the
 *   database does not hold a cookie anyone could use; `expires_at` is indexed for the sweep of
 *   expired ones, and a session goes with its user.
 * - `api_tokens.last_used_at`: when a token was last used (to the minute), so a stale one can be spotted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.notNull().primaryKey())
    .addColumn('username', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('users_username_key').on('users').unique().expression(sql`lower(username)`).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.notNull().primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

  await db.schema.alterTable('api_tokens').addColumn('last_used_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('last_used_at').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('users').execute();
}
