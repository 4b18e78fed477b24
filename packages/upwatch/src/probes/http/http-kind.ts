import type { ProbeKind } from '../probe-kind.js';
import { createHttpProbe, describeHttp } from './http-probe.js';
import { HTTP_KEYS, httpOutput, parseHttpInput } from './http-input.js';
import { httpSettingsOf, type HttpSettings } from './http-settings.js';
import { tlsClientWarnings } from '../certificate/tls-client-options.js';

/** `type: http` (the default): one request to a URL, its answer held up to `expect`. */
export const httpKind: ProbeKind<HttpSettings> = {
  type: 'http',
  summary: 'An HTTP(S) request to a URL; the answer is held up to expect (status, body, headers, JSON, response time).',
  keys: HTTP_KEYS,
  parse: parseHttpInput,
  output: httpOutput,
  describe: describeHttp,
  warnings: (settings) => tlsClientWarnings(httpSettingsOf(settings).tls),
  createProbe: (deps) => createHttpProbe({ now: deps.now }),
};
