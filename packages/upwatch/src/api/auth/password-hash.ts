import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost: 2^15 x 8 x 128 bytes = 32 MiB and ~50-100 ms a hash, OWASP's minimum for scrypt. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** A stored cost above this is refused rather than run: a tampered row must not eat the memory. */
const MAX_N = 2 ** 20;

function derive(password: string, salt: Buffer, keyBytes: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // 128 * N * r is exactly Node's default limit of 32 MiB at our cost, and scrypt needs a little
  // more than that: the limit is set from the cost itself.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hashes a password with scrypt and a random salt, in a self-describing form that keeps its cost,
 * so a later, higher cost still verifies the hashes made before it. Runs off the main thread.
 *
 * @example
 * await hashPassword('correct horse battery') // 'scrypt$32768$8$1$<salt, base64>$<key, base64>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Whether the password is the one hashed, compared in constant time; false (never a throw) for a
 * hash this code did not make.
 *
 * @example
 * await verifyPassword('correct horse battery', user.passwordHash) // true
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

function parseHash(stored: string): { cost: { N: number; r: number; p: number }; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return undefined;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || key.length < 16) return undefined;
  return { cost: { N, r, p }, salt, key };
}

let dummy: Promise<string> | undefined;

/**
 * Spends as long as verifying a real password does, for a login with an unknown username: the
 * answer's timing must not tell which usernames exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword('upwatch: no such user');
  await verifyPassword(password, await dummy);
  return false;
}
