/**
 * A certificate the handshake completed with but that we refuse (expired, wrong name, untrusted).
 * It keeps what the error line needs from the certificate, which is gone once the socket is.
 */
export class TlsVerificationError extends Error {
  /** OpenSSL's or Node's verification code: CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID … */
  readonly code: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** The names the certificate covers, as `DNS:a, IP Address:b`. */
  readonly subjectAltName: string | null;

  constructor(code: string, cert: { valid_from?: string; valid_to?: string; subjectaltname?: string } | null) {
    super(`certificate rejected: ${code}`);
    this.name = 'TlsVerificationError';
    this.code = code;
    this.validFrom = cert?.valid_from ?? null;
    this.validTo = cert?.valid_to ?? null;
    this.subjectAltName = cert?.subjectaltname ?? null;
  }
}
