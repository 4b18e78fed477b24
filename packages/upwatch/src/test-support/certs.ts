import { generate } from 'selfsigned';

/** A private key and its certificate, PEM, ready for `https.createServer`. */
export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface TestCerts {
  /** Self-signed, for localhost and 127.0.0.1: no trust store accepts it. */
  selfSigned: KeyAndCert;
  /** A small CA; trust `ca.cert` to accept the leaves below. */
  ca: KeyAndCert;
  /** Signed by the CA, for localhost, 127.0.0.1 and ::1. */
  localhost: KeyAndCert;
  /** Signed by the CA, for localhost, but expired yesterday. */
  expired: KeyAndCert;
  /** Signed by the CA, for another name only: a hostname mismatch on localhost. */
  wrongName: KeyAndCert;
  /** Signed by the CA, for localhost, expiring 3 days from now: within a 7-day warning. */
  expiringSoon: KeyAndCert;
}

const DAY_MS = 86_400_000;
// EC keys: a handful of RSA 2048 keys would add about a second to every test file that needs them.
const KEY = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

/**
 * Generates fresh certificates for TLS tests (about 50 ms); nothing is written to disk.
 * @example const certs = await generateTestCerts(); startHttpsTarget(certs.localhost)
 */
export async function generateTestCerts(): Promise<TestCerts> {
  const ca = pair(
    await generate([{ name: 'commonName', value: 'upwatch test CA' }], {
      ...KEY,
      notAfterDate: new Date(Date.now() + 30 * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    }),
  );
  const [selfSigned, localhost, expired, wrongName, expiringSoon] = await Promise.all([
    leaf('localhost', ['localhost'], null),
    leaf('localhost', ['localhost'], ca),
    leaf('localhost', ['localhost'], ca, { notBefore: Date.now() - 30 * DAY_MS, notAfter: Date.now() - DAY_MS }),
    leaf('wrong.example', ['wrong.example'], ca),
    leaf('localhost', ['localhost'], ca, { notBefore: Date.now() - DAY_MS, notAfter: Date.now() + 3 * DAY_MS }),
  ]);
  return { selfSigned, ca, localhost, expired, wrongName, expiringSoon };
}

async function leaf(
  commonName: string,
  dnsNames: string[],
  ca: KeyAndCert | null,
  validity: { notBefore: number; notAfter: number } = { notBefore: Date.now() - DAY_MS, notAfter: Date.now() + 30 * DAY_MS },
): Promise<KeyAndCert> {
  const ips = dnsNames.includes('localhost') ? ['127.0.0.1', '::1'] : [];
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    ...KEY,
    notBeforeDate: new Date(validity.notBefore),
    notAfterDate: new Date(validity.notAfter),
    ...(ca === null ? {} : { ca }),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...dnsNames.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return pair(pems);
}

function pair(pems: { private: string; cert: string }): KeyAndCert {
  return { key: pems.private, cert: pems.cert };
}
