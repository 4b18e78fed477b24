import type { Clock } from '../../core/clock.js';

export interface LoginLimits {
  /** Failed logins of one username within the window before it is refused. */
  perUsername: number;
  /** Failed logins from one client address within the window before it is refused. */
  perClient: number;
  windowMs: number;
  /** The most usernames and addresses remembered each: memory stays bounded under a spray of them. */
  maxTracked: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUsername: 5, perClient: 20, windowMs: 15 * 60_000, maxTracked: 10_000 };

/** Whether a login may be tried now; when not, how long until it may. */
export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Failed logins counted per username and per client address, each in a window from its first
 * failure. An attempt counts as failed from the moment it is allowed, before its password is
 * checked: scrypt takes a while, and a burst of attempts sent together must not all pass while
 * none has failed yet.
 */
export interface LoginLimiter {
  /** Whether a login may be tried now; when it may, it is counted as a failure already. */
  attempt(client: string, username: string): LoginVerdict;
  /** The attempt succeeded: the username's failures are forgiven, and the address's count of this attempt (not its others). */
  succeeded(client: string, username: string): void;
}

interface Count {
  failures: number;
  windowStart: number;
}

/**
 * A fixed window of failures per key: the first failure opens it, and once it passes the count
 * starts again. Keys are bounded: at the cap, windows that have passed are swept, then the oldest
 * are dropped (an attacker spraying usernames still meets the limit of its address).
 */
class FailureCounts {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxTracked: number,
  ) {}

  retryAfter(key: string, now: number): number {
    const count = this.current(key, now);
    return count && count.failures >= this.limit ? count.windowStart + this.windowMs - now : 0;
  }

  add(key: string, now: number): void {
    const count = this.current(key, now);
    if (count) {
      count.failures += 1;
      return;
    }
    if (this.counts.size >= this.maxTracked) this.makeRoom(now);
    this.counts.set(key, { failures: 1, windowStart: now });
  }

  forget(key: string): void {
    this.counts.delete(key);
  }

  /** Takes one failure back (an attempt counted in advance that succeeded). */
  takeBack(key: string, now: number): void {
    const count = this.current(key, now);
    if (count && count.failures > 0) count.failures -= 1;
  }

  private current(key: string, now: number): Count | undefined {
    const count = this.counts.get(key);
    if (count && now - count.windowStart >= this.windowMs) {
      this.counts.delete(key);
      return undefined;
    }
    return count;
  }

  private makeRoom(now: number): void {
    for (const [key, count] of this.counts) if (now - count.windowStart >= this.windowMs) this.counts.delete(key);
    // Maps iterate in insertion order: the first keys are the oldest windows.
    for (const key of this.counts.keys()) {
      if (this.counts.size < this.maxTracked) break;
      this.counts.delete(key);
    }
  }
}

/**
 * The login rate limit, in memory (one process serves the API).
 *
 * @example
 * const limiter = createLoginLimiter(clock);
 * const verdict = limiter.attempt(request.ip, username);
 * if (!verdict.allowed) reply.status(429).header('retry-after', Math.ceil(verdict.retryAfterMs / 1000));
 * else if (passwordOk) limiter.succeeded(request.ip, username);
 */
export function createLoginLimiter(clock: Clock, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  const byUsername = new FailureCounts(limits.perUsername, limits.windowMs, limits.maxTracked);
  const byClient = new FailureCounts(limits.perClient, limits.windowMs, limits.maxTracked);
  // Usernames compare in any case, as the store finds them.
  const userKey = (username: string) => username.trim().toLowerCase();
  return {
    attempt(client, username) {
      const now = clock.now();
      const wait = Math.max(byUsername.retryAfter(userKey(username), now), byClient.retryAfter(client, now));
      if (wait > 0) return { allowed: false, retryAfterMs: wait };
      byUsername.add(userKey(username), now);
      byClient.add(client, now);
      return { allowed: true };
    },
    succeeded(client, username) {
      byUsername.forget(userKey(username));
      byClient.takeBack(client, clock.now());
    },
  };
}
