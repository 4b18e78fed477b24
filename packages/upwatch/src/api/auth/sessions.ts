import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Session, Store, User } from '../../store/store.js';

/** A session lasts this long after its last use… */
export const SESSION_IDLE_MS = 14 * 24 * 3_600_000;
/** …and never longer than this after the login, used or not. */
export const SESSION_MAX_MS = 30 * 24 * 3_600_000;
/** How often a session in use has its expiry moved: not a write on every request. */
const SLIDE_EVERY_MS = 60_000;

export const SESSION_COOKIE = 'upwatch_session';

/** What a valid session cookie gives: the session and who it belongs to. */
export interface ActiveSession {
  session: Session;
  user: User;
}

/** Logins kept in the store, each behind a random cookie value of which only the hash is stored. */
export interface Sessions {
  /** Starts a session for the user; returns the cookie value (shown once, to that browser) and the session. */
  start(userId: string): Promise<{ cookieValue: string; session: Session }>;
  /** The session of a cookie value, its expiry slid; undefined (and deleted) when it has expired. */
  resume(cookieValue: string): Promise<ActiveSession | undefined>;
  /** Ends the session of a cookie value, if there is one. */
  end(cookieValue: string): Promise<void>;
}

/** SHA-256 suffices: the value has 256 random bits, nothing to guess or to look up in a table. */
export function sessionIdOf(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('hex');
}

/**
 * Sessions over the store, with a sliding expiry (14 days after the last use) capped at 30 days
 * after the login. Expired sessions are deleted when met and, all of them, at each login.
 *
 * @example
 * const sessions = createSessions({ store, clock });
 * const { cookieValue } = await sessions.start(user.id);
 */
export function createSessions(deps: { store: Store; clock: Clock }): Sessions {
  const { store, clock } = deps;
  return {
    async start(userId) {
      const now = clock.now();
      await store.deleteExpiredSessions(now);
      const cookieValue = randomBytes(32).toString('base64url');
      const session: Session = {
        id: sessionIdOf(cookieValue),
        userId,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS),
      };
      await store.insertSession(session);
      return { cookieValue, session };
    },

    async resume(cookieValue) {
      // A cookie of another shape was never ours: no lookup for it.
      if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return undefined;
      const found = await store.findSession(sessionIdOf(cookieValue));
      if (!found) return undefined;
      const now = clock.now();
      if (found.session.expiresAt <= now) {
        await store.deleteSession(found.session.id);
        return undefined;
      }
      if (now - found.session.lastSeenAt >= SLIDE_EVERY_MS) {
        const slid = { lastSeenAt: now, expiresAt: Math.min(now + SESSION_IDLE_MS, found.session.createdAt + SESSION_MAX_MS) };
        await store.touchSession(found.session.id, slid);
        return { ...found, session: { ...found.session, ...slid } };
      }
      return found;
    },

    async end(cookieValue) {
      await store.deleteSession(sessionIdOf(cookieValue));
    },
  };
}
