import { sql } from 'kysely';
import type { DialectSpecifics } from '../dialect-specifics.js';

/** better-sqlite3 reports SQLite's extended result codes as `code`. */
function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Where SQLite differs from PostgreSQL: its error codes, its parameter limit, its WAL. */
export const sqliteSpecifics: DialectSpecifics = {
  // SQLITE_MAX_VARIABLE_NUMBER's default since 3.32.
  maxParameters: 32_766,
  isUniqueViolation: (err) => {
    const code = sqliteCode(err);
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
  isForeignKeyViolation: (err) => sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  async beforeClose(db) {
    // Folds the write-ahead log back into the database file, so the file alone is a full copy.
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  },
};
