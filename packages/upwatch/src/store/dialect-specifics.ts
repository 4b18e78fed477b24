import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The few things where SQLite and PostgreSQL really differ, gathered in one place (as gatus keeps
 * specific_sqlite.go and specific_postgres.go). KyselyStore holds all the rest of the logic;
 * sqlite/sqlite-specifics.ts implements this, and the PostgreSQL store adds its own.
 */
export interface DialectSpecifics {
  /** The most bound parameters one statement may carry (SQLite 32766, PostgreSQL 65535). */
  maxParameters: number;
  /** A unique or primary key constraint refused the write. */
  isUniqueViolation(err: unknown): boolean;
  /** A foreign key constraint refused the write (the row it points at does not exist). */
  isForeignKeyViolation(err: unknown): boolean;
  /** Runs just before the connections close (SQLite checkpoints its write-ahead log). */
  beforeClose(db: Kysely<Database>): Promise<void>;
}
