import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { formatPath, type Issue } from '../../config/field-path.js';
import { generateTestCerts, type TestCerts } from '../../test-support/certs.js';
import {
  loadTlsClientOptions,
  NO_TLS_CLIENT_SETTINGS,
  readTlsClientInput,
  TlsClientFileError,
  tlsClientOutput,
  tlsClientWarnings,
  type TlsClientSettings,
} from './tls-client-options.js';

let dir: string;
let certs: TestCerts;
let caFile: string;
let certFile: string;
let keyFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-tls-options-'));
  certs = await generateTestCerts();
  caFile = write('ca.pem', certs.ca.cert);
  certFile = write('client.pem', certs.localhost.cert);
  keyFile = write('client-key.pem', certs.localhost.key);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function read(value: unknown): { settings: TlsClientSettings | undefined; errors: string[] } {
  const issues: Issue[] = [];
  const settings = readTlsClientInput(value, (at, message) => void issues.push({ at, message }));
  return { settings, errors: issues.map((i) => `${formatPath(i.at)}: ${i.message}`) };
}

describe('readTlsClientInput', () => {
  test('no block is no extra trust, no client certificate, verification on', () => {
    assert.deepEqual(read(undefined), { settings: NO_TLS_CLIENT_SETTINGS, errors: [] });
    assert.deepEqual(read(null), { settings: NO_TLS_CLIENT_SETTINGS, errors: [] });
  });

  test('reads every key, and output gives back what was read', () => {
    const input = { ca_file: caFile, cert_file: certFile, key_file: keyFile, skip_verify: true };
    const { settings, errors } = read(input);
    assert.deepEqual(errors, []);
    assert.deepEqual(settings, { caFile, certFile, keyFile, skipVerify: true });
    assert.deepEqual(tlsClientOutput(settings!), input);
    assert.deepEqual(read(tlsClientOutput(settings!)).settings, settings);
  });

  test('a missing file is named with its field and path', () => {
    const missing = join(dir, 'nope.pem');
    assert.deepEqual(read({ ca_file: missing }).errors, [`tls.ca_file: cannot read ${missing}: no such file`]);
  });

  test('a directory or an unreadable file is named too', (t) => {
    assert.deepEqual(read({ ca_file: dir }).errors, [`tls.ca_file: cannot read ${dir}: it is a directory, not a file`]);
    // A device would read forever: it is refused before a byte is read.
    assert.deepEqual(read({ ca_file: '/dev/zero' }).errors, ['tls.ca_file: cannot read /dev/zero: it is not a regular file']);
    if (process.getuid?.() === 0) return t.skip('root reads any file');
    const locked = write('locked.pem', certs.ca.cert);
    chmodSync(locked, 0o000);
    assert.deepEqual(read({ ca_file: locked }).errors, [`tls.ca_file: cannot read ${locked}: permission denied`]);
  });

  test('a file that is not PEM is refused without showing its content', () => {
    const notPem = write('secret.txt', 'hunter2-the-private-key');
    const { errors } = read({ key_file: notPem, cert_file: certFile });
    assert.deepEqual(errors, [`tls.key_file: ${notPem} is not a PEM file (no "-----BEGIN" line)`]);
    assert.ok(!errors.join().includes('hunter2'));
  });

  test('cert_file and key_file go together', () => {
    assert.deepEqual(read({ cert_file: certFile }).errors, ['tls.key_file: is required with cert_file: the private key of the client certificate']);
    assert.deepEqual(read({ key_file: keyFile }).errors, ['tls.cert_file: is required with key_file: the client certificate the key belongs to']);
  });

  test('unknown keys and wrong types are named', () => {
    assert.deepEqual(read({ ca_fil: caFile }).errors, ['tls.ca_fil: "ca_fil" is not a tls key; did you mean "ca_file"?']);
    assert.deepEqual(read({ skip_verify: 'yes' }).errors, ['tls.skip_verify: must be true or false, without quotes']);
    assert.deepEqual(read({ ca_file: 3 }).errors, ['tls.ca_file: must be the path of a PEM file, such as /etc/upwatch/ca.pem']);
    assert.match(read('on').errors[0]!, /^tls: must be a map with ca_file, cert_file, key_file, skip_verify/);
  });
});

describe('tlsClientWarnings', () => {
  test('warns only when verification is off', () => {
    assert.deepEqual(tlsClientWarnings(NO_TLS_CLIENT_SETTINGS), []);
    assert.deepEqual(tlsClientWarnings({ ...NO_TLS_CLIENT_SETTINGS, skipVerify: true }), [
      'TLS verification is off (tls.skip_verify): an expired, self-signed or wrong-name certificate is not reported',
    ]);
  });
});

describe('loadTlsClientOptions', () => {
  test('without files it only says whether to verify', () => {
    assert.deepEqual(loadTlsClientOptions(NO_TLS_CLIENT_SETTINGS), { rejectUnauthorized: true });
    assert.deepEqual(loadTlsClientOptions({ ...NO_TLS_CLIENT_SETTINGS, skipVerify: true }), { rejectUnauthorized: false });
  });

  test('a private CA is trusted besides the public roots', () => {
    const { ca } = loadTlsClientOptions({ ...NO_TLS_CLIENT_SETTINGS, caFile });
    assert.ok(ca!.includes(certs.ca.cert.trim()));
    assert.ok(ca!.includes(tls.rootCertificates[0]!));
  });

  test('reads the client certificate and key', () => {
    const options = loadTlsClientOptions({ ...NO_TLS_CLIENT_SETTINGS, certFile, keyFile });
    assert.equal(options.cert, certs.localhost.cert);
    assert.equal(options.key, certs.localhost.key);
  });

  test('keeps a file it has read until the file changes', () => {
    const path = write('rotating.pem', certs.ca.cert);
    const settings = { ...NO_TLS_CLIENT_SETTINGS, certFile: path, keyFile };
    assert.equal(loadTlsClientOptions(settings).cert, certs.ca.cert);

    // Same size and mtime: the cache cannot tell, which shows the file is not read again.
    const stamp = new Date(Date.now() - 60_000);
    utimesSync(path, stamp, stamp);
    loadTlsClientOptions(settings);
    writeFileSync(path, certs.ca.cert.replace('-----BEGIN', '-----BEGXN'));
    utimesSync(path, stamp, stamp);
    assert.equal(loadTlsClientOptions(settings).cert, certs.ca.cert);

    // A rotated certificate comes with a new mtime.
    writeFileSync(path, certs.localhost.cert);
    assert.equal(loadTlsClientOptions(settings).cert, certs.localhost.cert);
  });

  test('a file gone since the config was read is a TlsClientFileError naming field and path', () => {
    const path = write('gone.pem', certs.ca.cert);
    const settings = { ...NO_TLS_CLIENT_SETTINGS, caFile: path };
    loadTlsClientOptions(settings);
    rmSync(path);
    assert.throws(() => loadTlsClientOptions(settings), (err: unknown) => {
      assert.ok(err instanceof TlsClientFileError);
      assert.equal(err.message, `tls.ca_file: cannot read ${path}: no such file`);
      return true;
    });
  });
});
