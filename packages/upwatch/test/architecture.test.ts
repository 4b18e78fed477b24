import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

/**
 * Dependencies point inward, checked rather than remembered: core imports nothing of ours; the
 * parts around it import core and the ports they need; only server.ts and cli/ pick concrete
 * adapters. Tests and test support may import anything.
 */
const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** For each top-level folder of src/, the folders (or files) of src/ it may import. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  scheduler: ['core'],
  // A kind reads its own keys with the shared readers; config finds the kinds through the registry.
  probes: ['core', 'version.ts', 'config/input-readers.ts', 'config/field-path.ts'],
  store: ['core'],
  notifiers: ['core', 'store/store.ts', 'version.ts'],
  config: ['core', 'probes/probe-kinds.ts', 'probes/probe-kind.ts', 'notifiers/notifier-configs.ts', 'notifiers/notifier-config-checks.ts', 'notifiers/webhook/webhook-config.ts'],
  engine: ['core', 'scheduler', 'probes/probe.ts', 'store/store.ts', 'store/check-batcher.ts'],
  api: ['core', 'config', 'store/store.ts', 'web'],
  web: ['core', 'config', 'store/store.ts', 'api', 'version.ts'],
  observability: ['core', 'engine/engine-events.ts'],
  history: ['core', 'store/store.ts'],
};
const ROOT_FILES_ANYTHING = new Set(['server.ts', 'cli', 'version.ts', 'index.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test-support' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !/store-(contract|fixtures)\.ts$/.test(name) ? [path] : [];
  });
}

test('imports point inward', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    const layer = from.split('/')[0]!;
    if (ROOT_FILES_ANYTHING.has(layer)) continue;
    const allowed = ALLOWED[layer];
    assert.ok(allowed, `src/${layer} has no rule in test/architecture.test.ts: add one`);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = relative(SRC, resolve(dirname(file), spec!)).replace(/\.js$/, '.ts');
      const targetLayer = target.split('/')[0]!;
      if (targetLayer === layer) continue;
      const ok = allowed.some((rule) => target === rule || target.startsWith(`${rule}/`));
      if (!ok) violations.push(`${from} imports ${target}`);
    }
  }
  assert.deepEqual(violations, []);
});

const PACKAGES = fileURLToPath(new URL('../..', import.meta.url));

/** Every module specifier a source file imports or re-exports, relative ones resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(([, spec]) =>
    spec!.startsWith('.') ? resolve(dirname(file), spec!) : spec!,
  );
}

test('the libraries for watched applications import nothing of upwatch', () => {
  const violations: string[] = [];
  for (const name of ['fetch', 'express']) {
    const root = join(PACKAGES, name);
    for (const file of sourceFiles(join(root, 'src'))) {
      for (const target of importsOf(file)) {
        const escapes = target.startsWith('/') && relative(root, target).startsWith('..');
        if (escapes || target === 'upwatch' || target.startsWith('upwatch/')) violations.push(`${relative(PACKAGES, file)} imports ${target}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('upwatch reaches the libraries only through their package names', () => {
  const violations = sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((target) => target.startsWith('/') && relative(SRC, target).startsWith('..'))
      .map((target) => `${relative(SRC, file)} imports ${relative(PACKAGES, target)}`),
  );
  assert.deepEqual(violations, []);
});
