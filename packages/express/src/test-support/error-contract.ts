import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ErrorHandlerOptions } from '../error-options.js';
import type { ErrorReport } from '../error-report.js';
import { ADMIN_SECRET, type RunningApp, type StartContractApp } from './contract-app.js';
import { memoryLog, waitFor, type LogRecord, type MemoryLog } from './memory-log.js';
import { USERS_QUERY, UserDb } from './user-db.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SQL_MESSAGE = `${USERS_QUERY} - relation "users" does not exist`;
// Where the stack's file paths point: the package's own source folder.
const SOURCE_DIR = fileURLToPath(new URL('..', import.meta.url));
const GENERIC = 'Something went wrong on our side. Quote the request id if you report this.';

interface Harness {
  app: RunningApp;
  db: UserDb;
  log: MemoryLog;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  post(path: string, body: string): Promise<Answer>;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/**
 * The behaviour every adapter (Express 5, Express 4, Fastify) must show, over a real server and
 * fetch: the classic example app in development and production, the log line, client errors,
 * request ids, problem+json and the report hook.
 * @example runErrorContract('Express 5', startExpress5App);
 */
export function runErrorContract(framework: string, start: StartContractApp): void {
  describe(`${framework}: the error contract`, () => {
    const running: RunningApp[] = [];
    after(async () => {
      await Promise.all(running.map((app) => app.close()));
    });

    async function harness(handler: Omit<ErrorHandlerOptions, 'logger'> = {}): Promise<Harness> {
      const db = new UserDb();
      const log = memoryLog();
      const app = await start({ handler: { ...handler, logger: log.logger }, db });
      running.push(app);
      const call = async (path: string, init: RequestInit): Promise<Answer> => {
        const res = await fetch(`${app.url}${path}`, init);
        const text = await res.text();
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // not JSON: the assertions on `json` fail and say so
        }
        return { status: res.status, headers: res.headers, text, json };
      };
      return {
        app,
        db,
        log,
        get: (path, headers = {}) => call(path, { headers }),
        post: (path, body) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      };
    }

    test('GET /api/users/:id answers the user, and a JSON 404 when the user is missing', async () => {
      const h = await harness({ development: false });
      const found = await h.get('/api/users/1');
      assert.equal(found.status, 200);
      assert.deepEqual(found.json, { id: '1', name: 'Ada Lovelace' });

      const missing = await h.get('/api/users/42');
      assert.equal(missing.status, 404);
      assert.match(String(missing.headers.get('content-type')), /^application\/json/);
      const id = String(missing.headers.get('x-request-id'));
      assert.match(id, UUID);
      assert.deepEqual(missing.json, { error: 'Not Found', message: 'no user with id 42', requestId: id });
      // A client's miss is logged, at warn: it is no outage.
      const [line] = h.log.withMessage('request failed');
      assert.ok(line);
      assert.equal(line['level'], 40);
      assert.equal(line['status'], 404);
      assert.equal(line['requestId'], id);
    });

    test('a database error in development: 500 with the real message and the stack, logged in full', async () => {
      const h = await harness({ development: true });
      h.db.dropUsersTable();
      const startedAt = Date.now();
      const res = await h.get('/api/users/1?access_token=s3cret');
      assert.equal(res.status, 500);
      const id = String(res.headers.get('x-request-id'));
      assert.match(id, UUID);
      assert.equal(res.json['error'], 'Internal Server Error');
      assert.equal(res.json['message'], SQL_MESSAGE);
      assert.equal(res.json['requestId'], id);
      assert.match(String(res.json['stack']), /^DatabaseError: SELECT id, name FROM users/);
      assert.match(String(res.json['stack']), /user-db\.ts/);
      assertDatabaseErrorLogged(h.log, id, startedAt);
    });

    test('the same error in production: a generic message, no stack, path, SQL or file name; the log still has it all', async () => {
      const h = await harness({ development: false });
      h.db.dropUsersTable();
      const startedAt = Date.now();
      const res = await h.get('/api/users/1?access_token=s3cret');
      assert.equal(res.status, 500);
      const id = String(res.headers.get('x-request-id'));
      assert.deepEqual(res.json, { error: 'Internal Server Error', message: GENERIC, requestId: id });
      assertNothingLeaks(res.text);
      assertDatabaseErrorLogged(h.log, id, startedAt);
    });

    test('NODE_ENV decides when the option is not given: development shows the stack, anything else does not', async () => {
      const saved = process.env['NODE_ENV'];
      try {
        process.env['NODE_ENV'] = 'development';
        const dev = await harness();
        dev.db.dropUsersTable();
        assert.equal((await dev.get('/api/users/1')).json['message'], SQL_MESSAGE);

        process.env['NODE_ENV'] = 'staging';
        const other = await harness();
        other.db.dropUsersTable();
        const res = await other.get('/api/users/1');
        assert.equal(res.json['message'], GENERIC);
        assertNothingLeaks(res.text);

        // The option wins over the environment.
        process.env['NODE_ENV'] = 'development';
        const forced = await harness({ development: false });
        forced.db.dropUsersTable();
        assert.equal((await forced.get('/api/users/1')).json['message'], GENERIC);
      } finally {
        if (saved === undefined) delete process.env['NODE_ENV'];
        else process.env['NODE_ENV'] = saved;
      }
    });

    test('an unmatched route is a JSON 404 with the request id, and is not logged', async () => {
      const h = await harness({ development: false });
      const res = await h.get('/nowhere?q=1', { 'x-request-id': 'probe-404' });
      assert.equal(res.status, 404);
      assert.match(String(res.headers.get('content-type')), /^application\/json/);
      assert.equal(res.headers.get('x-request-id'), 'probe-404');
      assert.deepEqual(res.json, { error: 'Not Found', requestId: 'probe-404' });
      assert.deepEqual(h.log.records(), []);
    });

    test('a malformed JSON body is a 400 with a clear message, not a 500', async () => {
      const h = await harness({ development: false });
      assert.deepEqual((await h.post('/api/users', '{"name":"Grace"}')).json, { created: 'Grace' });
      const res = await h.post('/api/users', '{"name": "Grace",');
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, {
        error: 'Bad Request',
        message: 'The request body is not valid JSON.',
        requestId: res.headers.get('x-request-id'),
      });
      const [line] = h.log.withMessage('request failed');
      assert.equal(line?.['status'], 400);
      assert.equal(line?.['route'] ?? line?.['path'], '/api/users');
    });

    test('a thrown 422 with expose keeps its status and message in production', async () => {
      const h = await harness({ development: false });
      const res = await h.post('/api/users/1/email', '{}');
      assert.equal(res.status, 422);
      assert.deepEqual(res.json, { error: 'Unprocessable Entity', message: 'email must contain "@"', requestId: res.headers.get('x-request-id') });
    });

    test('a 4xx with expose=false keeps its status but shows only the status text in production', async () => {
      const h = await harness({ development: false });
      const res = await h.get('/api/admin');
      assert.equal(res.status, 403);
      assert.deepEqual(res.json, { error: 'Forbidden', message: 'Forbidden', requestId: res.headers.get('x-request-id') });
      assert.ok(!res.text.includes(ADMIN_SECRET));
      // The log keeps the real message: that is where the operator looks.
      assert.equal(h.log.withMessage('request failed')[0]?.['message'], `token ${ADMIN_SECRET} was revoked`);
    });

    test('a status outside 400..599 becomes 500; one inside stays', async () => {
      const h = await harness({ development: false });
      for (const code of ['302', '200', '600', '99']) {
        const res = await h.get(`/api/status/${code}`);
        assert.equal(res.status, 500, `status ${code}`);
        assert.equal(res.json['message'], GENERIC, `status ${code}`);
      }
      const teapot = await h.get('/api/status/418');
      assert.equal(teapot.status, 418);
      assert.equal(teapot.json['error'], "I'm a Teapot");
      assert.equal(teapot.json['message'], 'failed with status 418');
    });

    test("an error's headers (http-errors) are sent with it", async () => {
      const h = await harness({ development: false });
      const res = await h.get('/api/login');
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
      assert.equal(res.json['message'], 'log in first');
    });

    test('a well-formed X-Request-Id is kept; a too long or unsafe one is replaced; either way it is echoed', async () => {
      const h = await harness({ development: false });
      const cases: Array<[incoming: string, kept: boolean]> = [
        ['3f1c9a2e-5d4b-4e8a-9c7f-1b2d3e4f5a6b', true],
        ['lb:trace.42_a-b', true],
        ['a'.repeat(128), true],
        ['a'.repeat(129), false],
        ['<script>alert(1)</script>', false],
        ['id with spaces', false],
      ];
      for (const [incoming, kept] of cases) {
        const res = await h.get('/api/users/404', { 'x-request-id': incoming });
        const echoed = String(res.headers.get('x-request-id'));
        if (kept) assert.equal(echoed, incoming);
        else assert.match(echoed, UUID, `replaces ${incoming.slice(0, 20)}`);
        assert.equal(res.json['requestId'], echoed);
        assert.ok(!res.text.includes('<script>'));
      }
      const ok = await h.get('/api/users/1', { 'x-request-id': 'caller-1' });
      assert.equal(ok.headers.get('x-request-id'), 'caller-1', 'on a success too');
    });

    test('problem+json: RFC 9457 members plus requestId; the stack only in development', async () => {
      const prod = await harness({ development: false, format: 'problem+json' });
      prod.db.dropUsersTable();
      const res = await prod.get('/api/users/1?access_token=s3cret');
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      const id = res.headers.get('x-request-id');
      assert.deepEqual(res.json, {
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: GENERIC,
        instance: '/api/users/1',
        requestId: id,
      });
      for (const leak of ['SELECT', 'relation', 'user-db', '.ts', SOURCE_DIR, 's3cret', 'stack']) assert.ok(!res.text.includes(leak), leak);

      const unprocessable = await prod.post('/api/users/1/email', '{}');
      assert.equal(unprocessable.json['status'], 422);
      assert.equal(unprocessable.json['detail'], 'email must contain "@"');

      const missing = await prod.get('/nowhere');
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.deepEqual(missing.json, { type: 'about:blank', title: 'Not Found', status: 404, instance: '/nowhere', requestId: missing.headers.get('x-request-id') });

      const dev = await harness({ development: true, format: 'problem+json' });
      dev.db.dropUsersTable();
      const devRes = await dev.get('/api/users/1');
      assert.equal(devRes.json['detail'], SQL_MESSAGE);
      assert.match(String(devRes.json['stack']), /user-db\.ts/);
    });

    test('the report hook: once for a 500 with every field, never for a 4xx', async () => {
      const reports: ErrorReport[] = [];
      const h = await harness({ development: false, service: 'user-api', report: (r) => void reports.push(r) });
      assert.equal((await h.get('/api/users/42')).status, 404);
      assert.equal((await h.get('/api/admin')).status, 403);
      h.db.dropUsersTable();
      const res = await h.get('/api/users/1?access_token=s3cret');
      assert.equal(res.status, 500);
      await waitFor(() => reports.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrong second call
      assert.equal(reports.length, 1);
      const [report] = reports;
      const logged = h.log.records().find((r) => r['status'] === 500);
      assert.deepEqual({ ...report, stack: undefined }, {
        version: 1,
        requestId: res.headers.get('x-request-id'),
        method: 'GET',
        route: '/api/users/:id',
        status: 500,
        name: 'DatabaseError',
        message: SQL_MESSAGE,
        stack: undefined,
        timestamp: logged?.['timestamp'],
        service: 'user-api',
      });
      assert.match(String(report?.stack), /user-db\.ts/);
    });

    test('a throwing, rejecting or never-settling reporter cannot break the response, and each failure is logged once', async () => {
      for (const [kind, reporter] of [
        ['throws', () => { throw new Error('upwatch unreachable'); }],
        ['rejects', () => Promise.reject(new Error('upwatch unreachable'))],
        ['hangs', () => new Promise<void>(() => undefined)],
      ] as const) {
        const h = await harness({ development: false, report: reporter });
        h.db.dropUsersTable();
        const res = await h.get('/api/users/1');
        assert.equal(res.status, 500, kind);
        assert.equal(res.json['message'], GENERIC, kind);
        const expectedFailures = kind === 'hangs' ? 0 : 1;
        if (expectedFailures > 0) await waitFor(() => h.log.withMessage('the error report hook failed').length > 0);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const failures = h.log.withMessage('the error report hook failed');
        assert.equal(failures.length, expectedFailures, kind);
        if (expectedFailures > 0) {
          assert.equal(failures[0]?.['reportError'], 'upwatch unreachable');
          assert.equal(failures[0]?.['requestId'], res.headers.get('x-request-id'));
        }
        assert.equal((await h.get('/api/admin')).status, 403, `${kind}: the server still answers`);
      }
    });
  });
}

function assertDatabaseErrorLogged(log: MemoryLog, requestId: string, startedAt: number): void {
  const lines = log.records();
  assert.equal(lines.length, 1, 'one line per error');
  const line = lines[0] as LogRecord;
  assert.equal(line['level'], 50);
  assert.equal(line['msg'], 'request failed');
  assert.equal(line['requestId'], requestId);
  assert.equal(line['method'], 'GET');
  assert.equal(line['path'], '/api/users/1', 'the path, without the query and its token');
  assert.equal(line['route'], '/api/users/:id');
  assert.equal(line['status'], 500);
  assert.equal(line['errorName'], 'DatabaseError');
  assert.equal(line['message'], SQL_MESSAGE);
  assert.equal(line['code'], '42P01');
  assert.match(String(line['stack']), /^DatabaseError: SELECT id, name FROM users[\s\S]*user-db\.ts/);
  const timestamp = Date.parse(String(line['timestamp']));
  assert.equal(new Date(timestamp).toISOString(), line['timestamp'], 'ISO 8601');
  assert.ok(timestamp >= startedAt - 5 && timestamp <= Date.now());
  assert.ok(!JSON.stringify(line).includes('s3cret'), 'no query string in the log');
}

function assertNothingLeaks(body: string): void {
  for (const leak of ['stack', 'SELECT', 'relation', 'users', 'user-db', '.ts', SOURCE_DIR, 's3cret', '    at ']) {
    assert.ok(!body.includes(leak), `the body must not contain ${JSON.stringify(leak)}: ${body}`);
  }
}
