import type { Kysely, Selectable } from 'kysely';
import { UpwatchError } from '../core/errors.js';
import type { DialectSpecifics } from './dialect-specifics.js';
import { int8 } from './rows.js';
import type { Database, NotifierTable } from './schema.js';
import type { StoredNotifier } from './store.js';

// Notifiers made through the API, over Kysely (KyselyStore delegates here).

/** The API's notifiers in the store over Kysely. */
export class KyselyNotifiers {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly specifics: DialectSpecifics,
  ) {}

  async listNotifiers(): Promise<StoredNotifier[]> {
    const rows = await this.db.selectFrom('notifiers').selectAll().orderBy('name').execute();
    return rows.map(rowToNotifier);
  }

  async findNotifier(name: string): Promise<StoredNotifier | undefined> {
    const row = await this.db.selectFrom('notifiers').selectAll().where('name', '=', name).executeTakeFirst();
    return row && rowToNotifier(row);
  }

  async insertNotifier(notifier: StoredNotifier): Promise<void> {
    try {
      await this.db.insertInto('notifiers').values(notifierToRow(notifier)).execute();
    } catch (err) {
      if (!this.specifics.isUniqueViolation(err)) throw err;
      throw new UpwatchError('CONFLICT', `a notifier named "${notifier.name}" exists already`, { cause: err, fields: [{ path: 'name', message: 'is taken by another notifier' }] });
    }
  }

  async updateNotifier(notifier: StoredNotifier): Promise<void> {
    const { name, created_at: _created, ...changes } = notifierToRow(notifier);
    const result = await this.db.updateTable('notifiers').set(changes).where('name', '=', name).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new UpwatchError('NOT_FOUND', `no notifier named "${name}"`);
  }

  async deleteNotifier(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('notifiers').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function notifierToRow(n: StoredNotifier) {
  return { name: n.name, type: n.type, settings: JSON.stringify(n.settings), created_at: n.createdAt, updated_at: n.updatedAt };
}

function rowToNotifier(row: Selectable<NotifierTable>): StoredNotifier {
  return { name: row.name, type: row.type, settings: JSON.parse(row.settings) as Record<string, unknown>, createdAt: int8(row.created_at), updatedAt: int8(row.updated_at) };
}
