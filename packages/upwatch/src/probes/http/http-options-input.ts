import { Type } from '@sinclair/typebox';
import { unknownKeyMessage } from '../../config/field-path.js';
import { isPlainObject, readCount, tracking, type Fail } from '../../config/input-readers.js';
import { readTlsClientInput, tlsClientOutput, TlsClientInputSchema } from '../certificate/tls-client-options.js';
import {
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_WARN_DAYS,
  MAX_REDIRECTS_LIMIT,
  type BasicAuth,
  type CertificateCheck,
  type HttpSettings,
} from './http-settings.js';
import { readProxyUrl } from './proxy-endpoint.js';

/**
 * The keys of an http monitor that say how to make the request (credentials, redirects, proxy,
 * IP version, User-Agent, TLS) and whether to report the certificate. Error lines here never
 * repeat a password, a token or a proxy URL: the value may be the secret.
 */

const MAX_WARN_DAYS = 3650;
const BasicAuthSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, description: 'The user name; it cannot contain a colon.' }),
    password: Type.String({ description: 'The password.' }),
  },
  { additionalProperties: false, description: 'Sent as Authorization: Basic, to the monitored origin only (dropped on a redirect elsewhere).' },
);
const CertificateInputSchema = Type.Object(
  {
    warn_days: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: MAX_WARN_DAYS }), { description: `Days before expiry to warn at. Default ${DEFAULT_WARN_DAYS.join(', ')}.`, examples: [[30, 14, 7, 1]] }),
    ),
  },
  { additionalProperties: false, description: 'https only: report the certificate (names, expiry, chain) with each check and warn as expiry nears.' },
);

export const HTTP_OPTION_KEYS = {
  basic_auth: Type.Optional(Type.Union([BasicAuthSchema, Type.Null()])),
  bearer_token: Type.Optional(
    Type.Union([Type.String({ minLength: 1, description: 'Sent as Authorization: Bearer, to the monitored origin only (dropped on a redirect elsewhere).' }), Type.Null()]),
  ),
  max_redirects: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_REDIRECTS_LIMIT, description: `Redirects followed; 0 makes any redirect a failure (unless expect.status lists it). Default ${DEFAULT_MAX_REDIRECTS}.` }),
  ),
  proxy: Type.Optional(
    Type.Union([
      Type.String({ pattern: '^[hH][tT][tT][pP]://', description: 'An HTTP proxy to go through, with optional user:pass@ for Proxy-Authorization; https:// targets are tunnelled with CONNECT.', examples: ['http://proxy.internal:3128'] }),
      Type.Null(),
    ]),
  ),
  ip_family: Type.Optional(Type.Union([Type.Literal(4), Type.Literal(6), Type.Null()], { description: 'Resolve and connect over IPv4 (4) or IPv6 (6) only. Default: either.' })),
  user_agent: Type.Optional(Type.Union([Type.String({ minLength: 1, description: 'Replaces the default User-Agent (upwatch/<version>).' }), Type.Null()])),
  tls: Type.Optional(Type.Union([TlsClientInputSchema, Type.Null()])),
  certificate: Type.Optional(Type.Union([CertificateInputSchema, Type.Null()])),
};

type RequestOptions = Omit<HttpSettings, 'url' | 'method' | 'headers' | 'body' | 'expect'>;

/** What the options are checked against: the monitor's URL and headers, when they were readable. */
export interface OptionContext {
  url: string | undefined;
  headers: Record<string, string> | undefined;
}

/**
 * The request options of an http monitor → settings; conflicts with `headers` are reported here.
 * @example readRequestOptions({ bearer_token: 't0k3n', max_redirects: 0 }, fail, { url, headers: {} })
 */
export function readRequestOptions(raw: Readonly<Record<string, unknown>>, fail: Fail, context: OptionContext): RequestOptions | undefined {
  const t = tracking(fail);
  const basicAuth = readBasicAuth(raw.basic_auth, t.fail);
  const bearerToken = readBearerToken(raw.bearer_token, t.fail);
  if (basicAuth && bearerToken) t.fail(['bearer_token'], 'cannot be used together with basic_auth: a request carries one Authorization; keep one of them');
  const authorizationHeader = headerNamed(context.headers, 'authorization');
  if (authorizationHeader !== undefined && (basicAuth || bearerToken)) {
    const key = basicAuth ? 'basic_auth' : 'bearer_token';
    t.fail(['headers', authorizationHeader], `cannot be used together with ${key}: both set Authorization; keep one of them`);
  }
  const maxRedirects = readCount(raw.max_redirects, ['max_redirects'], t.fail, DEFAULT_MAX_REDIRECTS, { min: 0, max: MAX_REDIRECTS_LIMIT });
  const proxy = readProxy(raw.proxy, t.fail);
  const ipFamily = readIpFamily(raw.ip_family, t.fail);
  const userAgent = readUserAgent(raw.user_agent, t.fail);
  const userAgentHeader = headerNamed(context.headers, 'user-agent');
  if (userAgent && userAgentHeader !== undefined) {
    t.fail(['user_agent'], `cannot be used together with headers.${userAgentHeader}: both set the User-Agent; keep one of them`);
  }
  const tls = readTlsClientInput(raw.tls, t.fail);
  const certificate = readCertificate(raw.certificate, t.fail, context.url);
  if (t.failed()) return undefined;
  return {
    basicAuth: basicAuth ?? null,
    bearerToken: bearerToken ?? null,
    maxRedirects: maxRedirects!,
    proxy: proxy ?? null,
    ipFamily: ipFamily ?? null,
    userAgent: userAgent ?? null,
    tls: tls!,
    certificate: certificate ?? null,
  };
}

/**
 * The request options as people write them, every key present.
 * @example requestOptionsOutput(settings).max_redirects // 5
 */
export function requestOptionsOutput(settings: HttpSettings): Record<string, unknown> {
  return {
    basic_auth: settings.basicAuth === null ? null : { username: settings.basicAuth.username, password: settings.basicAuth.password },
    bearer_token: settings.bearerToken,
    max_redirects: settings.maxRedirects,
    proxy: settings.proxy,
    ip_family: settings.ipFamily,
    user_agent: settings.userAgent,
    tls: tlsClientOutput(settings.tls),
    certificate: settings.certificate === null ? null : { warn_days: [...settings.certificate.warnDays] },
  };
}

function headerNamed(headers: Record<string, string> | undefined, lowerName: string): string | undefined {
  return Object.keys(headers ?? {}).find((name) => name.toLowerCase() === lowerName);
}

function readBasicAuth(value: unknown, fail: Fail): BasicAuth | null | undefined {
  if (value === undefined || value === null) return null;
  const shape = 'must be a map with username and password, such as { username: probe, password: "${PROBE_PASSWORD}" }';
  if (!isPlainObject(value)) return void fail(['basic_auth'], shape);
  const t = tracking((at, message) => fail(['basic_auth', ...at], message));
  const known = ['username', 'password'];
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) t.fail([key], unknownKeyMessage(key, known, 'basic_auth'));
  }
  const { username, password } = value;
  if (username === undefined || username === null) t.fail(['username'], 'is required: the user name to log in with');
  else if (typeof username !== 'string' || username === '') t.fail(['username'], 'must be the user name, as text');
  // RFC 7617: the first colon separates the user from the password, so a user name cannot hold one.
  else if (username.includes(':')) t.fail(['username'], 'must not contain a colon (":"): Basic authentication cannot carry one in the user name');
  if (password === undefined || password === null) t.fail(['password'], 'is required: the password (write "" for none)');
  else if (typeof password !== 'string') t.fail(['password'], 'must be text; put it in quotes');
  if (t.failed()) return undefined;
  return { username: username as string, password: password as string };
}

function readBearerToken(value: unknown, fail: Fail): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') return void fail(['bearer_token'], 'must be the token, as text');
  if (/^bearer\s/i.test(value)) return void fail(['bearer_token'], 'must be the token alone, without "Bearer " in front: upwatch adds it');
  // The token goes into a header as it is: visible ASCII only, so it cannot break the request.
  if (!/^[\x21-\x7e]+$/.test(value)) return void fail(['bearer_token'], 'must be a single word of visible ASCII characters, without spaces or line breaks');
  return value;
}

function readProxy(value: unknown, fail: Fail): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return void fail(['proxy'], 'must be a URL such as http://proxy.internal:3128');
  const reading = readProxyUrl(value);
  if (!reading.ok) return void fail(['proxy'], reading.problem);
  return value.trim();
}

function readIpFamily(value: unknown, fail: Fail): 4 | 6 | null | undefined {
  if (value === undefined || value === null) return null;
  if (value === 4 || value === 6) return value;
  const quoted = value === '4' || value === '6' ? ', without quotes' : '';
  return void fail(['ip_family'], `must be 4 (IPv4 only) or 6 (IPv6 only)${quoted}; leave it out for either`);
}

function readUserAgent(value: unknown, fail: Fail): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') return void fail(['user_agent'], 'must be the User-Agent text, such as "upwatch (ops@example.com)"');
  if (!/^[\t\x20-\x7e\x80-\xff]+$/.test(value)) return void fail(['user_agent'], 'must be one line of plain text (no line breaks or characters beyond Latin-1)');
  return value;
}

function readCertificate(value: unknown, fail: Fail, url: string | undefined): CertificateCheck | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) return void fail(['certificate'], 'must be a map such as { warn_days: [30, 14, 7, 1] }');
  if (url !== undefined && !/^https:/i.test(url)) return void fail(['certificate'], 'needs an https:// url: a plain http:// check has no certificate to report');
  const t = tracking((at, message) => fail(['certificate', ...at], message));
  for (const key of Object.keys(value)) {
    if (key !== 'warn_days') t.fail([key], unknownKeyMessage(key, ['warn_days'], 'certificate'));
  }
  const warnDays = readWarnDays(value.warn_days, t.fail);
  if (t.failed()) return undefined;
  return { warnDays: warnDays! };
}

function readWarnDays(value: unknown, fail: Fail): number[] | undefined {
  if (value === undefined || value === null) return [...DEFAULT_WARN_DAYS];
  if (!Array.isArray(value)) return void fail(['warn_days'], 'must be a list of days, such as [30, 14, 7, 1]');
  let ok = true;
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0 || item > MAX_WARN_DAYS) {
      fail(['warn_days', i], `must be a whole number of days from 0 to ${MAX_WARN_DAYS}`);
      ok = false;
    }
  });
  if (!ok) return undefined;
  // Stored one way, largest first: the same list written in another order is the same setting.
  return [...new Set(value as number[])].sort((a, b) => b - a);
}
