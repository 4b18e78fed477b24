import type { HttpSettings } from './http-settings.js';

/**
 * The value of an `Authorization: Basic` header (RFC 7617, UTF-8).
 * @example basicCredentials('Aladdin', 'open sesame') // 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='
 */
export function basicCredentials(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * The Authorization value a monitor's `basic_auth` or `bearer_token` stands for, or null.
 * @example authorizationOf({ ...settings, bearerToken: 't0k3n' }) // 'Bearer t0k3n'
 */
export function authorizationOf(settings: Pick<HttpSettings, 'basicAuth' | 'bearerToken'>): string | null {
  if (settings.basicAuth !== null) return basicCredentials(settings.basicAuth.username, settings.basicAuth.password);
  if (settings.bearerToken !== null) return `Bearer ${settings.bearerToken}`;
  return null;
}
