import { UpwatchError, validationError, type FieldError } from '../../core/errors.js';
import type { User } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { hashPassword } from '../auth/password-hash.js';

export const PASSWORD_MIN = 12;
/** scrypt takes any length, but a megabyte of password is no password. */
const PASSWORD_MAX = 1_024;
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

export interface AdminInput {
  username: string;
  password: string;
  /** The password typed a second time. */
  passwordAgain: string;
}

/** What is wrong with an account's username and password, field by field. */
export function accountInputErrors(input: AdminInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!USERNAME.test(input.username)) errors.push({ path: 'username', message: 'use 1 to 64 letters, digits, or . _ - @' });
  if (input.password.length < PASSWORD_MIN) errors.push({ path: 'password', message: `must be at least ${PASSWORD_MIN} characters` });
  else if (input.password.length > PASSWORD_MAX) errors.push({ path: 'password', message: `must be at most ${PASSWORD_MAX} characters` });
  else if (input.password !== input.passwordAgain) errors.push({ path: 'password_again', message: 'is not the same password' });
  return errors;
}

/**
 * Creates the first admin with the setup link's token. A wrong token, or a setup after the admin
 * exists, is FORBIDDEN and creates nothing; the token works once.
 */
export async function setUpAdmin(deps: ApiDeps, token: string | undefined, input: AdminInput): Promise<User> {
  const setup = deps.setupToken;
  const refused = () => new UpwatchError('FORBIDDEN', 'this setup link is not valid (any more): the admin account may exist already; use the link printed by the server');
  if (!setup?.matches(token)) throw refused();
  const errors = accountInputErrors(input);
  if (errors.length > 0) throw validationError(errors);
  // Claimed before the first await: two setups sent at once cannot both make an admin.
  if (!setup.claim(token)) throw refused();
  try {
    if ((await deps.store.countUsers()) > 0) {
      setup.retire();
      throw refused();
    }
    const user: User = { id: deps.newId(), username: input.username, passwordHash: await hashPassword(input.password), createdAt: deps.clock.now() };
    await deps.store.insertUser(user);
    setup.retire();
    return user;
  } finally {
    setup.release();
  }
}
