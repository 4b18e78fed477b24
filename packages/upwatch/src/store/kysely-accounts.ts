import { sql, type Kysely, type Selectable } from 'kysely';
import { UpwatchError } from '../core/errors.js';
import type { DialectSpecifics } from './dialect-specifics.js';
import { int8, rowToToken } from './rows.js';
import type { Database, SessionTable, UserTable } from './schema.js';
import type { ApiToken, Session, User } from './store.js';

// Accounts over Kysely (KyselyStore delegates here): users, login sessions, and API tokens as the
// web face lists, revokes and stamps them. Usernames compare by lower(username), the expression
// of the unique index users_username_key, so the lookup uses it.

/** Users, sessions and token upkeep in the store over Kysely. */
export class KyselyAccounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly specifics: DialectSpecifics,
  ) {}

  async countUsers(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return int8(row.count);
  }

  async insertUser(user: User): Promise<void> {
    try {
      await this.db
        .insertInto('users')
        .values({ id: user.id, username: user.username, password_hash: user.passwordHash, created_at: user.createdAt })
        .execute();
    } catch (err) {
      if (!this.specifics.isUniqueViolation(err)) throw err;
      throw new UpwatchError('CONFLICT', `the username "${user.username}" is taken`, { cause: err, fields: [{ path: 'username', message: 'is taken' }] });
    }
  }

  async findUserByUsername(username: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', sql<string>`lower(${username})`)
      .executeTakeFirst();
    return row && rowToUser(row);
  }

  async insertSession(session: Session): Promise<void> {
    try {
      await this.db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
        })
        .execute();
    } catch (err) {
      if (!this.specifics.isForeignKeyViolation(err)) throw err;
      throw new UpwatchError('NOT_FOUND', `no user with id "${session.userId}"`, { cause: err });
    }
  }

  async findSession(id: string): Promise<{ session: Session; user: User } | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id',
        'sessions.user_id',
        'sessions.csrf_token',
        'sessions.created_at',
        'sessions.last_seen_at',
        'sessions.expires_at',
        'users.username',
        'users.password_hash',
        'users.created_at as user_created_at',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      session: rowToSession(row),
      user: { id: row.user_id, username: row.username, passwordHash: row.password_hash, createdAt: int8(row.user_created_at) },
    };
  }

  async touchSession(id: string, update: { lastSeenAt: number; expiresAt: number }): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: update.lastSeenAt, expires_at: update.expiresAt }).where('id', '=', id).execute();
  }

  async deleteSession(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async listApiTokens(): Promise<ApiToken[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(rowToToken);
  }

  async deleteApiToken(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async touchApiToken(id: string, at: number, minIntervalMs: number): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', at - minIntervalMs)]))
      .execute();
  }
}

function rowToUser(row: Selectable<UserTable>): User {
  return { id: row.id, username: row.username, passwordHash: row.password_hash, createdAt: int8(row.created_at) };
}

function rowToSession(row: Selectable<SessionTable>): Session {
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: int8(row.created_at),
    lastSeenAt: int8(row.last_seen_at),
    expiresAt: int8(row.expires_at),
  };
}
