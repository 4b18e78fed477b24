#!/usr/bin/env node
// Runs the whole test suite: builds, then hands every *.test.ts file to node's test runner by name.
// Node 20's runner does not expand globs, and a bare --test finds no .ts files, runs nothing and
// exits 0; so the files are listed here, and an empty list is an error, not a pass.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

let files = findTests(join(root, 'packages')).sort();
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('no test files found under packages/: refusing to report an empty run as a pass');
  process.exit(1);
}

// The browser tests drive Debian's Chromium. It is installed here when missing (these machines
// run as root), so that the one test command works on a fresh machine and CI never skips them.
function ensureChromium() {
  const path = process.env.UPWATCH_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0) {
    console.error(`no Chromium at ${path}; the browser tests ${process.env.CI ? 'will fail' : 'are skipped'}. Install it: sudo apt-get install -y chromium`);
    return;
  }
  console.log('installing Chromium for the browser tests: apt-get install -y chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env }).status === 0;
  // A fresh machine may have no package lists yet.
  if (!install() && !(spawnSync('apt-get', ['update'], { stdio: 'inherit', env }).status === 0 && install())) {
    console.error('installing Chromium failed');
    process.exit(1);
  }
}
if (files.some((f) => f.includes('/test/browser/'))) ensureChromium();

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Two reporters: spec for people on stdout, TAP to a file whose totals become the closing line.
const tapFile = join(mkdtempSync(join(tmpdir(), 'upwatch-test-')), 'results.tap');
const run = spawnSync(
  process.execPath,
  [
    '--import', 'tsx', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, UPWATCH_TEST: '1' } },
);
const tap = readFileSync(tapFile, 'utf8');
const total = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
const passed = total('pass');
const failed = total('fail');
console.log(`${files.length} test files`);
console.log(`${passed} passed, ${failed} failed`);
if (passed === 0) {
  console.error('no test passed: an empty run is not a pass');
  process.exit(1);
}
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
