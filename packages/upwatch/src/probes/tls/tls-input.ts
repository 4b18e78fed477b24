import { Type } from '@sinclair/typebox';
import { readHost, readPort, tracking, type Fail } from '../../config/input-readers.js';
import { readTlsClientInput, TlsClientInputSchema, tlsClientOutput } from '../certificate/tls-client-options.js';
import { DEFAULT_TLS_PORT, DEFAULT_WARN_DAYS, tlsSettingsOf, type TlsSettings } from './tls-settings.js';

/** The keys of a tls monitor, as people write them in YAML and JSON. */

const MAX_WARN_DAYS = 3650;
const WARN_DAYS_HINT = 'must be a list of whole days, such as [30, 14, 7, 1]; [] turns the warnings off';

export const TLS_KEYS = {
  host: Type.String({ minLength: 1, description: 'The host name or IP address whose certificate is checked.', examples: ['example.com'] }),
  port: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 65_535, description: `The TLS port. Default ${DEFAULT_TLS_PORT}.` }), Type.Null()])),
  servername: Type.Optional(
    Type.Union([Type.String({ minLength: 1, description: 'The name sent as SNI and checked against the certificate. Default: host, when it is a name.' }), Type.Null()]),
  ),
  warn_days: Type.Optional(
    Type.Union([
      Type.Array(Type.Integer({ minimum: 0, maximum: MAX_WARN_DAYS }), {
        description: `Warn when the certificate expires within this many days; one alert per threshold. Default [${DEFAULT_WARN_DAYS.join(', ')}]; [] turns warnings off.`,
        examples: [[30, 14, 7, 1]],
      }),
      Type.Null(),
    ]),
  ),
  tls: Type.Optional(Type.Union([TlsClientInputSchema, Type.Null()])),
};

/**
 * A tls monitor's keys → its settings.
 * @example parseTlsInput({ host: 'example.com', warn_days: [7, 30] }, fail) // { host: 'example.com', port: 443, servername: null, warnDays: [30, 7], tls: … }
 */
export function parseTlsInput(raw: Readonly<Record<string, unknown>>, fail: Fail): TlsSettings | undefined {
  const t = tracking(fail);
  const host = readHost(raw.host, ['host'], t.fail);
  const port = readPort(raw.port, ['port'], t.fail, DEFAULT_TLS_PORT);
  const servername = raw.servername === undefined || raw.servername === null ? null : readHost(raw.servername, ['servername'], t.fail);
  const warnDays = readWarnDays(raw.warn_days, t.fail);
  const tls = readTlsClientInput(raw.tls, t.fail);
  if (t.failed()) return undefined;
  return { host: host!, port: port!, servername: servername!, warnDays: warnDays!, tls: tls! };
}

/** Settings → the keys as people write them. */
export function tlsOutput(settings: TlsSettings): Record<string, unknown> {
  const s = tlsSettingsOf(settings);
  return { host: s.host, port: s.port, servername: s.servername, warn_days: [...s.warnDays], tls: tlsClientOutput(s.tls) };
}

function readWarnDays(value: unknown, fail: Fail): number[] | undefined {
  if (value === undefined || value === null) return [...DEFAULT_WARN_DAYS];
  if (!Array.isArray(value)) return void fail(['warn_days'], WARN_DAYS_HINT);
  let ok = true;
  value.forEach((item: unknown, i) => {
    if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= MAX_WARN_DAYS) return;
    // "30" and 30d are the usual slips: the unit is always days.
    const written = typeof item === 'string' && /^\s*\d+\s*d?\s*$/i.test(item) ? `; write ${parseInt(item.trim(), 10)}, without quotes or unit` : '';
    fail(['warn_days', i], `must be a whole number of days from 0 to ${MAX_WARN_DAYS}${written}`);
    ok = false;
  });
  if (!ok) return undefined;
  // Largest first, each once: the thresholds are a set; the order people wrote them in means nothing.
  return [...new Set(value as number[])].sort((a, b) => b - a);
}
