import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { CertificateFacts } from '../../core/check-result.js';

const DAY_MS = 86_400_000;
const ADD_CA = 'add the CA with tls.ca_file';

// What OpenSSL's chain codes mean to the person who has to fix it, and what to try.
const CHAIN_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: `the certificate signs itself; trust it: ${ADD_CA}`,
  SELF_SIGNED_CERT_IN_CHAIN: `the chain ends in a CA not trusted here; ${ADD_CA}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `the issuer is not trusted here; ${ADD_CA}, or check the server sends its intermediate certificates`,
  UNABLE_TO_GET_ISSUER_CERT: `the issuer's certificate is missing; check the server sends its intermediate certificates, or ${ADD_CA}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: `the issuer is unknown; check the server sends its intermediate certificates, or ${ADD_CA}`,
  CERT_HAS_EXPIRED: 'a certificate in the chain (an intermediate or the root) has expired',
  CERT_NOT_YET_VALID: 'a certificate in the chain (an intermediate or the root) is not valid yet',
  CERT_SIGNATURE_FAILURE: 'a signature in the chain does not verify',
  CERT_REVOKED: 'a certificate in the chain is revoked',
  INVALID_CA: `an issuer in the chain is not allowed to sign certificates; ${ADD_CA} only if it is yours`,
};

export interface PresentedCertificate {
  /** Node's parsed certificate: its names for the hostname check. */
  peer: PeerCertificate;
  facts: CertificateFacts;
  /** Node's verification code (socket.authorizationError), null when the chain verified. */
  verifyCode: string | null;
}

/**
 * What is wrong with the certificate for a client that connects to `name` at `now`, in one line, or
 * null when nothing is. Dates are judged against `now` (the probe's clock), the name by Node's own
 * rules, the chain by OpenSSL's verdict; the first problem found is the one reported.
 * @example certificateProblem(presented, 'example.com', Date.now()) // 'certificate expired 3 days ago (not after 2026-11-22T09:00:00Z); subject CN=example.com, issued by CN=R3'
 */
export function certificateProblem({ peer, facts, verifyCode }: PresentedCertificate, name: string, now: number): string | null {
  const who = `subject ${facts.subject || '(none)'}, issued by ${facts.issuer || '(none)'}`;
  if (facts.notAfter < now) return `certificate expired ${daysAgo(now - facts.notAfter)} (not after ${isoTime(facts.notAfter)}); ${who}`;
  if (facts.notBefore > now) return `certificate is not valid yet: it is valid from ${isoTime(facts.notBefore)} (${daysAhead(facts.notBefore - now)}); ${who}`;
  if (checkServerIdentity(name, peer) !== undefined) return `certificate does not cover ${name}: it covers ${coveredNames(facts)}`;
  // Node reports a name mismatch among its verification codes; the check above has the say on that.
  if (verifyCode !== null && verifyCode !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `certificate chain is not trusted: ${verifyCode} (${CHAIN_CODES[verifyCode] ?? ADD_CA}); ${who}`;
  }
  return null;
}

function coveredNames(facts: CertificateFacts): string {
  if (facts.sans.length > 0) return facts.sans.join(', ');
  return facts.subject === '' ? 'no names at all' : `no alternative names, only its subject ${facts.subject}`;
}

function daysAgo(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days === 0 ? 'less than a day ago' : `${days} day${days === 1 ? '' : 's'} ago`;
}

function daysAhead(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days === 0 ? 'in less than a day' : `in ${days} day${days === 1 ? '' : 's'}`;
}

/** 2026-11-22T09:00:00Z: certificates carry whole seconds. */
function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
