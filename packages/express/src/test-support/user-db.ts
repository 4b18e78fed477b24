/** An error the way node-postgres (through a query builder) reports a missing table. */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  readonly code = '42P01';
  readonly table = 'users';
}

export interface User {
  id: string;
  name: string;
}

export const USERS_QUERY = 'SELECT id, name FROM users WHERE id = $1';

/**
 * The classic example app's data layer: an in-memory table that can be dropped, after which a
 * lookup fails like a real driver, with the SQL in the message and this file's path in the stack.
 */
export class UserDb {
  private users: Map<string, User> | undefined = new Map([['1', { id: '1', name: 'Ada Lovelace' }]]);

  /** Drops the table: every query fails from now on. */
  dropUsersTable(): void {
    this.users = undefined;
  }

  async findUser(id: string): Promise<User | undefined> {
    await new Promise((resolve) => setImmediate(resolve)); // answered later, like a real driver
    if (!this.users) throw new DatabaseError(`${USERS_QUERY} - relation "users" does not exist`);
    return this.users.get(id);
  }
}
