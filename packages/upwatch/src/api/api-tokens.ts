import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, Store } from '../store/store.js';

const PREFIX = 'upw_';

/** SHA-256 is right here, unlike for passwords: a token has 256 random bits, nothing to guess. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token, stores only its hash, and returns the token itself: shown once, never again. */
export async function issueApiToken(store: Store, name: string, now: number, newId: () => string): Promise<{ token: string; record: ApiToken }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const record: ApiToken = { id: newId(), name, hash: hashToken(token), createdAt: now, lastUsedAt: null };
  await store.insertApiToken(record);
  return { token, record };
}

/** The token of an `Authorization: Bearer …` header, when it is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
