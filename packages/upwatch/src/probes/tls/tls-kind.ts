import type { ProbeKind } from '../probe-kind.js';
import { tlsClientWarnings } from '../certificate/tls-client-options.js';
import { parseTlsInput, TLS_KEYS, tlsOutput } from './tls-input.js';
import { createTlsProbe, describeTls } from './tls-probe.js';
import { tlsSettingsOf, type TlsSettings } from './tls-settings.js';

/** `type: tls`: a TLS handshake with a host; its certificate's dates, names and chain are judged. */
export const tlsKind: ProbeKind<TlsSettings> = {
  type: 'tls',
  summary: 'A TLS handshake with host:port; fails on an expired, not yet valid, wrong-name or untrusted certificate, and warns warn_days before expiry.',
  keys: TLS_KEYS,
  parse: (raw, fail) => parseTlsInput(raw, fail),
  output: tlsOutput,
  describe: (settings) => describeTls(tlsSettingsOf(settings)),
  warnings: (settings) => tlsClientWarnings(tlsSettingsOf(settings).tls),
  createProbe: (deps) => createTlsProbe({ now: deps.now }),
};
