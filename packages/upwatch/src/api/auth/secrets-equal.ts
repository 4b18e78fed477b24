import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both are hashed first, so neither their length nor where
 * they first differ shows in the time taken.
 *
 * @example
 * secretsEqual(request.body._csrf, session.csrfToken) // true or false, in the same time
 */
export function secretsEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
