import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runValidate } from './validate.js';

const dir = mkdtempSync(join(tmpdir(), 'upwatch-validate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, ...lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function validate(path: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate(path, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, env);
  return { code, out, err };
}

describe('runValidate', () => {
  test('a valid file: exit 0 and a summary', async () => {
    const path = file(
      'ok.yml',
      'monitors:',
      '  - name: api',
      '    url: http://127.0.0.1:8080/health',
      '    notify: [ops]',
      '  - name: web',
      '    url: ${WEB_URL}',
      'notifiers:',
      '  ops:',
      '    type: webhook',
      '    url: http://127.0.0.1:9000/hook',
    );
    assert.deepEqual(await validate(path, { WEB_URL: 'http://127.0.0.1:8081/' }), { code: 0, out: [`${path}: OK, 2 monitors, 1 notifiers`], err: [] });
  });

  test('an empty file is valid', async () => {
    assert.deepEqual(await validate(file('empty.yml')), { code: 0, out: [`${join(dir, 'empty.yml')}: OK, 0 monitors, 0 notifiers`], err: [] });
  });

  test('an invalid file: exit 1 and every error, one a line, with line and path', async () => {
    const path = file('bad.yml', 'monitors:', '  - name: api', '    url: http://127.0.0.1:8080/health', '    interval: 60', '    notify: [opz]', '  - name: api', '    url: ${MISSING}');
    const { code, out, err } = await validate(path);
    assert.equal(code, 1);
    assert.deepEqual(out, []);
    assert.deepEqual(err, [
      `${path}:4: monitors[0].interval: must be a duration such as 30s, 5m or 1h; a bare number has no unit: write 60s for 60 seconds or 60ms for milliseconds`,
      `${path}:5: monitors[0].notify[0]: no notifier named "opz" (no notifiers are defined; add them under notifiers:)`,
      `${path}:6: monitors[1].name: "api" is already the name of monitors[0] (line 2); monitor names must be unique`,
      `${path}:7: monitors[1].url: environment variable MISSING is not set (set it, or write \${MISSING:-default} to give a default)`,
    ]);
  });

  test('a file that cannot be read: exit 2 and why', async () => {
    const missing = join(dir, 'nope.yml');
    assert.deepEqual(await validate(missing), { code: 2, out: [], err: [`${missing}: cannot read the file: no such file (ENOENT)`] });
    assert.deepEqual(await validate(dir), { code: 2, out: [], err: [`${dir}: cannot read the file: it is a directory, not a file (EISDIR)`] });
  });
});
