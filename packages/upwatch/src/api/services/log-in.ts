import type { User } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { verifyAgainstNothing, verifyPassword } from '../auth/password-hash.js';

export type LoginOutcome = { outcome: 'ok'; user: User } | { outcome: 'refused' } | { outcome: 'limited'; retryAfterMs: number };

/** No account has a longer username (set-up-admin.ts): a longer one is refused before it costs memory or scrypt work. */
const USERNAME_MAX = 64;

/**
 * Checks a username and password under the login rate limit. An unknown username costs the same
 * scrypt work as a wrong password, and both are the same `refused`: nothing tells which was wrong.
 */
export async function logIn(deps: ApiDeps, limiter: LoginLimiter, attempt: { client: string; username: string; password: string }): Promise<LoginOutcome> {
  if (attempt.username.length > USERNAME_MAX) return { outcome: 'refused' };
  const verdict = limiter.attempt(attempt.client, attempt.username);
  if (!verdict.allowed) return { outcome: 'limited', retryAfterMs: verdict.retryAfterMs };
  const user = await deps.store.findUserByUsername(attempt.username);
  const ok = user ? await verifyPassword(attempt.password, user.passwordHash) : await verifyAgainstNothing(attempt.password);
  if (!user || !ok) return { outcome: 'refused' };
  limiter.succeeded(attempt.client, attempt.username);
  return { outcome: 'ok', user };
}
