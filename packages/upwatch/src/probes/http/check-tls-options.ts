import { loadTlsClientOptions, type TlsClientSettings } from '../certificate/tls-client-options.js';
import type { ProbeTlsOptions } from './timed-connector.js';

/**
 * The TLS options of one check: the probe's own (a test's CA, say) with the monitor's `tls:` block
 * on top. CAs add up; verification is off if either turns it off. Reads the block's files (cached
 * until they change) and throws a TlsClientFileError when one cannot be read.
 * @example checkTlsOptions({}, { caFile: null, certFile: '/etc/upwatch/client.pem', keyFile: '/etc/upwatch/client.key', skipVerify: false })
 */
export function checkTlsOptions(base: ProbeTlsOptions, block: TlsClientSettings): ProbeTlsOptions {
  const own = loadTlsClientOptions(block);
  const cas = [base.ca, own.ca].filter((ca) => ca !== undefined).map(String);
  return {
    ...(cas.length === 0 ? {} : { ca: cas.join('\n') }),
    ...(own.cert === undefined ? pick(base) : { cert: own.cert, key: own.key }),
    rejectUnauthorized: base.rejectUnauthorized !== false && own.rejectUnauthorized,
  };
}

function pick({ cert, key }: ProbeTlsOptions): ProbeTlsOptions {
  return cert === undefined ? {} : { cert, key };
}
