#!/usr/bin/env node
// Builds the dashboard client (web/src, Preact + uPlot) into dist/web/assets/: one minified ES2022
// bundle and its stylesheet with the content's hash in their names (browsers keep them for good),
// every stylesheet and script of web/ as it is (site.css and keep-fragment.js, for the
// server-rendered pages), and manifest.json, which maps entry names to the hashed files for the
// server's HTML shell. Run by `npm run build`.
// The folder is emptied first: it holds nothing but this build's output.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const out = join(root, 'dist', 'web', 'assets');
const started = performance.now();

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: { dashboard: join(web, 'src', 'main.tsx') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const manifest = {};
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!output.entryPoint) continue;
  const name = basename(file);
  const entry = name.replace(/-[A-Z0-9]+\.js$/, '');
  manifest[`${entry}.js`] = name;
  if (output.cssBundle) manifest[`${entry}.css`] = basename(output.cssBundle);
}

const copied = readdirSync(web).filter((name) => name.endsWith('.css') || name.endsWith('.js'));
for (const name of copied) copyFileSync(join(web, name), join(out, name));

writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const ms = Math.round(performance.now() - started);
console.log(`dashboard built into ${relative(process.cwd(), out) || '.'} in ${ms} ms: ${[...Object.values(manifest), ...copied].join(', ')}`);
