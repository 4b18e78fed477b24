import { NO_TLS_CLIENT_SETTINGS, type TlsClientSettings } from '../certificate/tls-client-options.js';

/** A tls monitor's own settings, as its probe reads them. */
export interface TlsSettings {
  host: string;
  port: number;
  /** The name sent as SNI and checked against the certificate; null: the host (when it is a name). */
  servername: string | null;
  /** Days before expiry at which to warn, largest first, no repeats; empty: no warnings. */
  warnDays: number[];
  tls: TlsClientSettings;
}

export const DEFAULT_TLS_PORT = 443;
export const DEFAULT_WARN_DAYS: readonly number[] = Object.freeze([30, 14, 7, 1]);

/**
 * The settings as the probe reads them: a spec stored by an older version lacks the newer keys,
 * which take their defaults here.
 * @example tlsSettingsOf(spec.settings).warnDays // [30, 14, 7, 1]
 */
export function tlsSettingsOf(settings: unknown): TlsSettings {
  const s = settings as Partial<TlsSettings> & { host: string };
  return {
    host: s.host,
    port: s.port ?? DEFAULT_TLS_PORT,
    servername: s.servername ?? null,
    warnDays: s.warnDays ?? [...DEFAULT_WARN_DAYS],
    tls: { ...NO_TLS_CLIENT_SETTINGS, ...s.tls },
  };
}

/** The name the certificate must cover: servername, else the host (a name or an IP address). */
export function expectedName(settings: TlsSettings): string {
  return settings.servername ?? settings.host;
}
