import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface DatabaseFacts {
  /** upwatch.db, upwatch.db-wal and upwatch.db-shm together, as they lie on disk. */
  fileBytes: number;
  checkRows: number;
  /** Pages of the checks tables (checks, and check_details where there is one) and their indexes (SQLite's dbstat), free space in them included. */
  checkPagesBytes: number;
  /** Failed checks by kind: the injected outages, and anything else that failed. */
  failuresByKind: Record<string, number>;
}

export const DATABASE_FILE = 'upwatch.db';

/**
 * Sizes of upwatch's SQLite files, and what the checks in them take; opened read-only, so it may
 * run while upwatch does (the WAL is read too) or after it stopped (then the WAL is folded in).
 * @example const facts = readDatabaseFacts(dataDir);
 */
export function readDatabaseFacts(dataDir: string): DatabaseFacts {
  const file = join(dataDir, DATABASE_FILE);
  const fileBytes = databaseFileBytes(dataDir);
  const db = new Database(file, { readonly: true });
  try {
    const checkRows = (db.prepare('select count(*) as n from checks').get() as { n: number }).n;
    // The checks may be split into a narrow table and a side table of details (kind, error, ids):
    // both are what a stored check costs.
    const checkPagesBytes =
      (db.prepare("select sum(pgsize) as bytes from dbstat where name in (select name from sqlite_schema where tbl_name in ('checks', 'check_details'))").get() as { bytes: number | null })
        .bytes ?? 0;
    const failures = db.prepare(failuresQuery(db)).all() as Array<{ kind: string | null; n: number }>;
    return { fileBytes, checkRows, checkPagesBytes, failuresByKind: Object.fromEntries(failures.map((f) => [f.kind ?? 'unknown', f.n])) };
  } finally {
    db.close();
  }
}

/**
 * Bytes of upwatch's SQLite files on disk now (cheap: three stats, no query).
 * @example databaseFileBytes(dataDir)
 */
export function databaseFileBytes(dataDir: string): number {
  const file = join(dataDir, DATABASE_FILE);
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + sizeOf(file + suffix), 0);
}

/** Failed checks by kind, in whichever layout this database has. */
function failuresQuery(db: Database.Database): string {
  const columns = (db.prepare("select name from pragma_table_info('checks')").all() as Array<{ name: string }>).map((c) => c.name);
  if (columns.includes('ok')) return 'select kind, count(*) as n from checks where ok = 0 group by kind';
  // The compact layout: bit 1 of outcome is "failed", the kind is in check_details.
  return 'select d.kind, count(*) as n from checks c left join check_details d using (monitor_seq, at) where c.outcome & 1 = 1 group by d.kind';
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
