/**
 * The `tls:` block's files could not be turned into a TLS context (a key that does not match its
 * certificate, a PEM that does not parse): a mistake in the monitor's settings, not the target's.
 * Both the http and the tls kinds report it as kind `error`.
 */
export class TlsClientContextError extends Error {
  readonly code = 'UPWATCH_TLS_CLIENT_CONTEXT';
  constructor(cause: unknown) {
    const code = (cause as { code?: unknown }).code;
    super(`the client certificate or CA file cannot be used (tls.cert_file, tls.key_file, tls.ca_file): ${typeof code === 'string' ? code : String(cause)}`, { cause });
    this.name = 'TlsClientContextError';
  }
}
