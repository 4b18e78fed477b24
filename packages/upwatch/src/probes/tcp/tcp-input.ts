import { Type } from '@sinclair/typebox';
import { readHost, readPort, tracking, type Fail } from '../../config/input-readers.js';
import type { TcpSettings } from './tcp-settings.js';

/** The keys of a tcp monitor, as people write them in YAML and JSON. */
export const TCP_KEYS = {
  host: Type.String({ minLength: 1, description: 'The host name or IP address to connect to, without scheme or port.', examples: ['db.internal', '127.0.0.1'] }),
  port: Type.Integer({ minimum: 1, maximum: 65_535, description: 'The TCP port that must accept a connection.', examples: [5432] }),
};

/**
 * A tcp monitor's keys → its settings.
 * @example parseTcpInput({ host: '127.0.0.1', port: 5432 }, fail) // { host: '127.0.0.1', port: 5432 }
 */
export function parseTcpInput(raw: Readonly<Record<string, unknown>>, fail: Fail): TcpSettings | undefined {
  const t = tracking(fail);
  const host = readHost(raw.host, ['host'], t.fail);
  const port = readPort(raw.port, ['port'], t.fail, null);
  if (t.failed()) return undefined;
  return { host: host!, port: port! };
}

/** Settings → the keys as people write them. */
export function tcpOutput(settings: TcpSettings): Record<string, unknown> {
  return { host: settings.host, port: settings.port };
}
