import { randomBytes } from 'node:crypto';
import { secretsEqual } from './secrets-equal.js';

/**
 * The one-time secret of the first-run setup link. Without it, the first stranger to reach the
 * port would become admin. It lives in memory only (a restart before setup prints a new one) and
 * dies once an admin exists.
 */
export interface SetupToken {
  /** The token for the printed link; null once it is used up. */
  readonly value: string | null;
  /** Whether `candidate` is the live token, compared in constant time. */
  matches(candidate: string | undefined): boolean;
  /**
   * Takes the token for one setup, if `candidate` is it: true once, so two setups sent at the
   * same moment cannot both make an admin. `release` gives it back when that setup failed.
   */
  claim(candidate: string | undefined): boolean;
  release(): void;
  /** The admin exists: the token is dead for good. */
  retire(): void;
}

/**
 * A new setup token.
 *
 * @example
 * const setup = createSetupToken();
 * print(`Open ${url}/setup?token=${setup.value} …`);
 */
export function createSetupToken(): SetupToken {
  const secret = randomBytes(32).toString('base64url');
  let state: 'open' | 'claimed' | 'retired' = 'open';
  return {
    get value() {
      return state === 'retired' ? null : secret;
    },
    matches: (candidate) => state === 'open' && candidate !== undefined && secretsEqual(candidate, secret),
    claim(candidate) {
      if (state !== 'open' || candidate === undefined || !secretsEqual(candidate, secret)) return false;
      state = 'claimed';
      return true;
    },
    release() {
      if (state === 'claimed') state = 'open';
    },
    retire() {
      state = 'retired';
    },
  };
}
