import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The repository root: the package is reached as a user reaches it, by name through node_modules.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// Lists the CommonJS modules loaded so far under node_modules/<name>/ (Express, Fastify and their
// parts are CommonJS, so an import of either lands in require.cache).
const LOADED = `
const { createRequire } = await import('node:module');
const cache = createRequire(import.meta.url).cache;
const loaded = (name) => Object.keys(cache).some((file) => file.includes('/node_modules/' + name + '/'));
`;

function runModule(source: string): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

before(() => {
  // Test the current source, not whatever dist/ an earlier build left.
  const build = spawnSync(process.execPath, [tsc, '-b', 'packages/express'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(build.status, 0, build.stdout + build.stderr);
});

test('plain JavaScript imports @upwatch/express by name; every export is there, and neither Express nor Fastify is loaded', () => {
  const run = runModule(`
    import { errorHandler, requestId, notFound, asyncHandler, fastifyErrorHandler, fastifyRequestIdOptions, ERROR_REPORT_VERSION } from '@upwatch/express';
    ${LOADED}
    console.log(JSON.stringify({
      types: [errorHandler, requestId, notFound, asyncHandler, fastifyErrorHandler, fastifyRequestIdOptions].map((f) => typeof f),
      errorHandlerArity: errorHandler().length,
      version: ERROR_REPORT_VERSION,
      fastify: loaded('fastify'),
      express: loaded('express'),
    }));
  `);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    types: ['function', 'function', 'function', 'function', 'function', 'function'],
    errorHandlerArity: 4,
    version: 1,
    fastify: false,
    express: false,
  });
});

test('the loaded-module check does see Fastify when something imports it', () => {
  const run = runModule(`import 'fastify'; ${LOADED} console.log(loaded('fastify'));`);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'true');
});
