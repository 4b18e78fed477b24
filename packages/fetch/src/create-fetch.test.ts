import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createFetch } from './create-fetch.js';
import { AttemptTimeoutError, CircuitOpenError } from './errors.js';
import type { BreakerStateChange, RetryEvent } from './options.js';
import { refusedUrl, startScriptedServer, type ScriptedServer } from './test-support/scripted-server.js';

const servers: ScriptedServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(script: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const started = await startScriptedServer(script);
  servers.push(started);
  return started;
}

/** Fast waits for tests that are about which requests happen, not how long they wait. */
const quick = { baseDelayMs: 10, maxDelayMs: 200 };

describe('createFetch: retries', () => {
  it('gets the answer after 1 s + 2 s of waiting when the server fails twice (the defaults)', async () => {
    const flaky = await server((i) => (i < 2 ? { status: 503, body: 'busy' } : { status: 200, body: 'hello' }));
    const fetch = createFetch();
    const started = performance.now();
    const response = await fetch(`${flaky.url}/api/users/1`);
    const elapsed = performance.now() - started;

    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'hello');
    assert.equal(flaky.requests.length, 3);
    const [first, second, third] = flaky.requests.map((r) => r.at);
    // ±20 % jitter around 1 s and 2 s; the upper bounds leave room for a loaded machine.
    assert.ok(second! - first! >= 790 && second! - first! < 1600, `first wait ${second! - first!} ms`);
    assert.ok(third! - second! >= 1590 && third! - second! < 3000, `second wait ${third! - second!} ms`);
    assert.ok(elapsed >= 2400 && elapsed < 5000, `answered after ${elapsed} ms`);
  });

  it('honours Retry-After in seconds over its own shorter backoff', async () => {
    const limited = await server((i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const retries: RetryEvent[] = [];
    const response = await createFetch({ retry: { baseDelayMs: 10 }, onRetry: (e) => retries.push(e) })(limited.url);
    assert.equal(response.status, 200);
    const wait = limited.requests[1]!.at - limited.requests[0]!.at;
    assert.ok(wait >= 990, `waited only ${wait} ms`);
    assert.deepEqual(retries.map((r) => [r.attempt, r.delayMs, r.reason]), [[1, 1000, 429]]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const limited = await server((i) =>
      i === 0 ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } } : { status: 200 },
    );
    const response = await createFetch({ retry: { baseDelayMs: 10 } })(limited.url);
    assert.equal(response.status, 200);
    const wait = limited.requests[1]!.at - limited.requests[0]!.at;
    // HTTP dates have whole seconds, so "in 2 s" means somewhere after 1 s.
    assert.ok(wait >= 900 && wait < 2600, `waited ${wait} ms`);
  });

  it('passes the answer on when Retry-After asks for longer than one wait may last', async () => {
    const limited = await server(() => ({ status: 503, headers: { 'retry-after': '120' }, body: 'maintenance' }));
    const response = await createFetch({ retry: { baseDelayMs: 10, maxDelayMs: 60_000 } })(limited.url);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '120');
    assert.equal(await response.text(), 'maintenance');
    assert.equal(limited.requests.length, 1);
  });

  it('does not retry a POST without an Idempotency-Key, and does with one, sending the whole body each time', async () => {
    const failing = await server((i) => (i % 3 === 2 ? { status: 201 } : { status: 500 }));
    const fetch = createFetch({ retry: quick });

    const plain = await fetch(failing.url, { method: 'POST', body: 'order=1' });
    assert.equal(plain.status, 500);
    assert.equal(failing.requests.length, 1, 'a POST without a key is sent once');

    const keyed = await fetch(failing.url, { method: 'POST', body: 'order=2', headers: { 'Idempotency-Key': 'k-2' } });
    assert.equal(keyed.status, 201);
    assert.deepEqual(failing.requests.slice(1).map((r) => [r.method, r.body, r.headers['idempotency-key']]), [
      ['POST', 'order=2', 'k-2'],
      ['POST', 'order=2', 'k-2'],
    ]);
  });

  it('does not retry answers that another try cannot change', async () => {
    for (const status of [400, 404, 409, 501]) {
      const target = await server(() => ({ status }));
      const response = await createFetch({ retry: quick })(target.url);
      assert.equal(response.status, status);
      assert.equal(target.requests.length, 1, `status ${status}`);
    }
  });

  it('retries refused connections, then gives the last error', async () => {
    const url = await refusedUrl();
    const retries: RetryEvent[] = [];
    await assert.rejects(createFetch({ retry: quick, breaker: false, onRetry: (e) => retries.push(e) })(url), TypeError);
    assert.deepEqual(retries.map((r) => r.reason), ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('retries a dropped connection', async () => {
    const dropping = await server((i) => (i === 0 ? 'destroy' : { status: 200, body: 'ok' }));
    const response = await createFetch({ retry: quick })(dropping.url);
    assert.equal(await response.text(), 'ok');
    assert.equal(dropping.requests.length, 2);
  });

  it('times out one attempt and retries it', async () => {
    const hanging = await server((i) => (i === 0 ? 'hang' : { status: 200, body: 'late but fine' }));
    const retries: RetryEvent[] = [];
    const response = await createFetch({ retry: quick, timeoutMs: 150, onRetry: (e) => retries.push(e) })(hanging.url);
    assert.equal(await response.text(), 'late but fine');
    assert.deepEqual(retries.map((r) => r.reason), ['UPWATCH_ATTEMPT_TIMEOUT']);
  });

  it('throws a typed timeout when every attempt hangs', async () => {
    const hanging = await server(() => 'hang');
    const error = await createFetch({ retry: { ...quick, attempts: 1 }, timeoutMs: 100 })(hanging.url).catch((e: unknown) => e);
    assert.ok(error instanceof AttemptTimeoutError);
    assert.equal(error.code, 'UPWATCH_ATTEMPT_TIMEOUT');
    assert.equal(hanging.requests.length, 2);
  });

  it('stops at once when the caller aborts during a wait, and sends nothing more', async () => {
    const failing = await server(() => ({ status: 503 }));
    const controller = new AbortController();
    const fetch = createFetch({ retry: { baseDelayMs: 5000, maxDelayMs: 30_000 } });
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await assert.rejects(fetch(failing.url, { signal: controller.signal }), { name: 'AbortError' });
    assert.ok(performance.now() - started < 2000, 'the 5 s wait was cut short');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(failing.requests.length, 1);
  });

  it('stays inside the total budget', async () => {
    const failing = await server(() => ({ status: 502 }));
    const response = await createFetch({ retry: { attempts: 10, baseDelayMs: 100, jitter: 0, budgetMs: 350 } })(failing.url);
    assert.equal(response.status, 502);
    // Waits of 100 and 200 fit in 350 ms; the next, 400, would not.
    assert.equal(failing.requests.length, 3);
  });

  it('sends once when retrying is off', async () => {
    const failing = await server(() => ({ status: 503 }));
    assert.equal((await createFetch({ retry: { attempts: 0 } })(failing.url)).status, 503);
    assert.equal((await createFetch({ retry: false })(failing.url)).status, 503);
    assert.equal(failing.requests.length, 2);
  });
});

describe('createFetch: aborts survive garbage collection', () => {
  // Node's gc(), reachable without --expose-gc: a collection mid-request is what lost aborts before.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const collectWhile = (ms: number) => {
    const timer = setInterval(() => gc(), 20);
    return new Promise<void>((resolve) => setTimeout(() => (clearInterval(timer), resolve()), ms));
  };

  it('times out a hanging attempt even when memory is collected while it waits', async () => {
    const hanging = await server(() => 'hang');
    const started = performance.now();
    const call = createFetch({ retry: false, timeoutMs: 300 })(hanging.url).catch((e: unknown) => e);
    await collectWhile(500);
    const error = await call;
    assert.ok(error instanceof AttemptTimeoutError, String(error));
    assert.ok(performance.now() - started < 3_000);
  });

  it("ends a hanging attempt at the caller's abort even when memory is collected while it waits", async () => {
    const hanging = await server(() => 'hang');
    const controller = new AbortController();
    const call = createFetch({ retry: { ...quick, attempts: 2 }, timeoutMs: 30_000 })(hanging.url, { signal: controller.signal }).catch((e: unknown) => e);
    await collectWhile(300);
    const started = performance.now();
    controller.abort();
    const error = (await call) as Error;
    assert.equal(error.name, 'AbortError');
    assert.ok(performance.now() - started < 1_000, 'rejected at once');
  });

  it("aborts the body the caller is still reading", async () => {
    const trickling = await startScriptedServerWithTrickle();
    const controller = new AbortController();
    const response = await createFetch({ retry: false })(trickling.url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    await collectWhile(200);
    controller.abort();
    await assert.rejects(reader.read(), { name: 'AbortError' });
    await trickling.close();
  });
});

/** A server that sends its headers and one chunk, then holds the body open. */
async function startScriptedServerWithTrickle(): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const open = new Set<import('node:http').ServerResponse>();
  const http = createServer((_req, res) => {
    open.add(res);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first chunk');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const res of open) res.destroy();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

describe('createFetch: circuit breaker', () => {
  it('opens after the threshold, fails fast without calling, and closes after a healthy probe', async () => {
    let healthy = false;
    const origin = await server(() => (healthy ? { status: 200, body: 'back' } : { status: 503 }));
    const changes: BreakerStateChange[] = [];
    const fetch = createFetch({
      retry: false,
      breaker: { failureThreshold: 5, windowMs: 30_000, halfOpenAfterMs: 300 },
      onBreakerStateChange: (c) => changes.push(c),
    });

    for (let i = 0; i < 5; i++) assert.equal((await fetch(origin.url)).status, 503);
    assert.equal(fetch.breakerState(origin.url), 'open');

    const error = await fetch(`${origin.url}/other/path`).catch((e: unknown) => e);
    assert.ok(error instanceof CircuitOpenError, 'fails fast with a typed error');
    assert.equal(error.code, 'UPWATCH_CIRCUIT_OPEN');
    assert.equal(error.origin, origin.url);
    assert.ok(error.retryAfterMs > 0 && error.retryAfterMs <= 300);
    assert.equal(origin.requests.length, 5, 'the open circuit did not call the origin');

    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, 350));
    const probe = await fetch(origin.url);
    assert.equal(await probe.text(), 'back');
    assert.equal(fetch.breakerState(origin.url), 'closed');
    assert.deepEqual(changes.map((c) => c.state), ['open', 'half-open', 'closed']);
    assert.ok(changes.every((c) => c.origin === origin.url));
  });

  it('re-opens when the half-open probe fails', async () => {
    const origin = await server(() => ({ status: 500 }));
    const changes: string[] = [];
    const fetch = createFetch({
      retry: false,
      breaker: { failureThreshold: 2, halfOpenAfterMs: 100 },
      onBreakerStateChange: (c) => changes.push(c.state),
    });
    await fetch(origin.url);
    await fetch(origin.url);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal((await fetch(origin.url)).status, 500, 'the one probe went through');
    await assert.rejects(fetch(origin.url), CircuitOpenError);
    assert.equal(origin.requests.length, 3);
    assert.deepEqual(changes, ['open', 'half-open', 'open']);
  });

  it('stops calling a dead server once the breaker opens, retries included', async () => {
    const dead = await server(() => 'destroy');
    const fetch = createFetch({ retry: quick, breaker: { failureThreshold: 5, halfOpenAfterMs: 60_000 } });
    await assert.rejects(fetch(dead.url), TypeError, 'the first call spends its 3 retries: 4 failures');
    await assert.rejects(fetch(dead.url), CircuitOpenError, 'the fifth failure opens the circuit mid-call');
    const connections = dead.connections;
    assert.equal(connections, 5);
    for (let i = 0; i < 20; i++) await assert.rejects(fetch(dead.url), CircuitOpenError);
    assert.equal(dead.connections, connections, 'no call reached the dead server');
  });

  it('keeps one circuit per origin', async () => {
    const broken = await server(() => ({ status: 503 }));
    const fine = await server(() => ({ status: 200 }));
    const fetch = createFetch({ retry: false, breaker: { failureThreshold: 1 } });
    await fetch(broken.url);
    await assert.rejects(fetch(broken.url), CircuitOpenError);
    assert.equal((await fetch(fine.url)).status, 200);
    assert.equal(fetch.breakerState(fine.url), 'closed');
  });

  it('does not count 429 or the caller giving up as the origin failing', async () => {
    const limited = await server(() => ({ status: 429 }));
    const fetch = createFetch({ retry: false, breaker: { failureThreshold: 2 } });
    for (let i = 0; i < 4; i++) assert.equal((await fetch(limited.url)).status, 429);
    const hanging = await server(() => 'hang');
    for (let i = 0; i < 3; i++) {
      await assert.rejects(fetch(hanging.url, { signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
    }
    assert.equal(fetch.breakerState(limited.url), 'closed');
    assert.equal(fetch.breakerState(hanging.url), 'closed');
  });

  it('can be turned off', async () => {
    const broken = await server(() => ({ status: 503 }));
    const fetch = createFetch({ retry: false, breaker: false });
    for (let i = 0; i < 10; i++) assert.equal((await fetch(broken.url)).status, 503);
    assert.equal(broken.requests.length, 10);
  });
});

describe('createFetch: options', () => {
  it('names the field of a bad option', () => {
    assert.throws(() => createFetch({ retry: { attempts: -1 } }), /retry\.attempts/);
    assert.throws(() => createFetch({ retry: { jitter: 2 } }), /retry\.jitter/);
    assert.throws(() => createFetch({ retry: { factor: 0.5 } }), /retry\.factor/);
    assert.throws(() => createFetch({ timeoutMs: 0 }), /timeoutMs/);
    assert.throws(() => createFetch({ breaker: { failureThreshold: 0 } }), /breaker\.failureThreshold/);
  });
});
