import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStore } from '../kysely-store.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { sqliteSpecifics } from './sqlite-specifics.js';

/** How long a write waits for another process (say `upwatch token create`) to release the file. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating it if needed) and migrates the embedded SQLite store.
 *
 * @example
 * const store = await openSqliteStore('/var/lib/upwatch/upwatch.db'); // or ':memory:'
 */
export async function openSqliteStore(file: string): Promise<Store> {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  try {
    // WAL lets readers (the API) run while the engine writes; NORMAL syncs at checkpoints rather
    // than at every commit: a power cut can lose the last moments, never corrupt the file.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // Off by default in SQLite, and the cascade from monitors to their history depends on it.
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const store = new KyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), sqliteSpecifics);
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}
