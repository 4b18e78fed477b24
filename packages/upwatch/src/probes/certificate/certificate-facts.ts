import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { CertificateFacts } from '../../core/check-result.js';

const DAY_MS = 86_400_000;

/**
 * What a check reports of the certificate a TLS socket was handed: names, dates, chain validity,
 * and the warning threshold it is within. Shared by the tls kind and http's `certificate:` block.
 * @example certificateFacts(socket, Date.now(), [30, 14, 7, 1])?.warnThreshold // 7 for a certificate with 3 days left
 */
export function certificateFacts(socket: TLSSocket, now: number, warnDays: readonly number[]): CertificateFacts | null {
  const cert = socket.getPeerCertificate(false);
  if (cert === null || cert === undefined || Object.keys(cert).length === 0) return null;
  const notBefore = Date.parse(cert.valid_from);
  const notAfter = Date.parse(cert.valid_to);
  const daysLeft = Math.floor((notAfter - now) / DAY_MS);
  const authorizationError = socket.authorizationError as unknown;
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    sans: (cert.subjectaltname ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    notBefore,
    notAfter,
    daysLeft,
    fingerprint: cert.fingerprint256 ?? '',
    chainValid: socket.authorized,
    chainError: socket.authorized ? null : authorizationError instanceof Error ? authorizationError.message : String(authorizationError ?? 'not verified'),
    warnThreshold: warnThreshold(daysLeft, warnDays),
  };
}

/** The smallest threshold (in days) the certificate is within, or null: with [30, 14, 7, 1], 3 days left is 7. */
export function warnThreshold(daysLeft: number, warnDays: readonly number[]): number | null {
  const within = warnDays.filter((days) => daysLeft <= days);
  return within.length === 0 ? null : Math.min(...within);
}

/** "CN=example.com, O=Example Ltd" from Node's parsed subject or issuer. */
function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}
