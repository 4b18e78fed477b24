import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('@upwatch/fetch as a user imports it', () => {
  it('resolves by name from plain JavaScript, from the compiled output, with type declarations', () => {
    const script = `
      import { createFetch, CircuitOpenError, AttemptTimeoutError, DEFAULT_RETRY } from '@upwatch/fetch';
      import { createRequire } from 'node:module';
      const entry = createRequire(import.meta.url).resolve('@upwatch/fetch');
      const fetch = createFetch();
      console.log(JSON.stringify({
        entry,
        createFetch: typeof createFetch,
        fetch: typeof fetch,
        breakerState: fetch.breakerState('http://127.0.0.1:1'),
        error: new CircuitOpenError('http://a', 1000) instanceof Error,
        timeout: typeof AttemptTimeoutError,
        attempts: DEFAULT_RETRY.attempts,
      }));`;
    const output = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repositoryRoot, encoding: 'utf8' }));
    assert.match(output.entry, /packages\/fetch\/dist\/index\.js$/);
    assert.deepEqual({ ...output, entry: undefined }, {
      entry: undefined,
      createFetch: 'function',
      fetch: 'function',
      breakerState: 'closed',
      error: true,
      timeout: 'function',
      attempts: 3,
    });
    execFileSync(process.execPath, ['-e', "require('node:fs').accessSync(require('node:path').join(process.argv[1], 'packages/fetch/dist/index.d.ts'))", repositoryRoot]);
  });
});
