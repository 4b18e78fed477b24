import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { startServeProcess, type ServeProcess } from '../../src/test-support/serve-process.js';
import { startHttpTarget } from '../../src/test-support/targets.js';

const BIN = fileURLToPath(new URL('../../bin/upwatch.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'upwatch-reload-'));
let server: ServeProcess | undefined;

after(async () => {
  await server?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('reload applies a changed config, keeps history, and refuses a broken one', { timeout: 60_000 }, async () => {
  const target = await startHttpTarget('ok');
  const config = join(dir, 'upwatch.yml');
  const data = join(dir, 'data');
  const write = (names: string[], extra = '') =>
    writeFileSync(config, `monitors:\n${names.map((n) => `  - { name: ${n}, url: "${target.url}/${n}", interval: 1s }\n`).join('')}${extra}`);
  write(['keep', 'drop']);
  server = await serve();
  const token = server.token!;
  const get = async (path: string) => (await fetch(`${server!.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
  const names = async () => (await get('/api/monitors')).monitors.map((m: any) => m.name).sort();

  assert.deepEqual(await names(), ['drop', 'keep']);
  const keepId = (await get('/api/monitors/keep')).id;
  await waitFor(async () => (await get('/api/monitors/keep/checks')).checks.length >= 2);

  // Add one, remove one, via `upwatch reload` (SIGHUP to the pid in the data folder).
  write(['keep', 'added']);
  const reload = spawnSync(process.execPath, [BIN, 'reload', '--data', data], { encoding: 'utf8' });
  assert.equal(reload.status, 0, reload.stderr);
  await waitFor(async () => JSON.stringify(await names()) === JSON.stringify(['added', 'keep']));
  const kept = await get('/api/monitors/keep');
  assert.equal(kept.id, keepId, 'an unchanged monitor keeps its id');
  assert.ok((await get('/api/monitors/keep/checks')).checks.length >= 2, 'and its history');

  // A broken file is refused as a whole; the running config stays.
  write(['keep', 'added', 'broken'], '  - { name: bad, url: "ftp://nope" }\n');
  server.proc.kill('SIGHUP');
  await waitFor(async () => /config reload refused/.test(server!.output()));
  assert.match(server.output(), /monitors\[3\]\.url/);
  assert.deepEqual(await names(), ['added', 'keep']);

  assert.equal(await server.stop('SIGINT'), 0);
  server = undefined;
  await target.close();
});

test('a broken config stops the start with errors that name field and line', () => {
  const config = join(dir, 'bad.yml');
  writeFileSync(config, 'monitors:\n  - name: x\n    url: http://127.0.0.1:1/\n    interval: 60\n');
  const res = spawnSync(process.execPath, [BIN, 'serve', '--config', config, '--data', join(dir, 'data2'), '--port', '0'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(res.status, 1);
  assert.match(res.stderr, /bad\.yml:4: monitors\[0\]\.interval: must be a duration/);
});

function serve() {
  return startServeProcess(['--config', join(dir, 'upwatch.yml'), '--data', join(dir, 'data')]);
}

async function waitFor(fn: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms\n${server?.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
