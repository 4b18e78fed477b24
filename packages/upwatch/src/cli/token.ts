import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { issueApiToken } from '../api/api-tokens.js';
import { DATABASE_FILE } from '../server.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';

/** `upwatch token create`: a new API token, for when the first one was lost or a second is needed. */
export async function runTokenCreate(dataDir: string, name: string, io: { stdout(s: string): void }): Promise<number> {
  const store = await openSqliteStore(join(dataDir, DATABASE_FILE));
  try {
    const { token } = await issueApiToken(store, name, Date.now(), randomUUID);
    io.stdout(`${token}\n`);
    io.stdout(`(API token "${name}", shown once and stored only as a hash)\n`);
    return 0;
  } finally {
    await store.close();
  }
}
