import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * Where `npm run build` puts the dashboard's bundles and stylesheets (scripts/build-web.mjs). The
 * same three levels up from src/web/dashboard (tsx) and dist/web/dashboard (built).
 */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../../dist/web/assets/', import.meta.url));

/** The build's map of entry names to hashed file names: `{ "dashboard.js": "dashboard-5TJ2QK3M.js" }`. */
export const MANIFEST_FILE = 'manifest.json';

export interface Asset {
  body: Buffer;
  /** The same body gzipped, when that saves anything. */
  gzipped: Buffer | null;
  etag: string;
  contentType: string;
  /** Its name has its content's hash in it: it never changes, so browsers may keep it for good. */
  immutable: boolean;
}

export interface AssetFiles {
  /** By file name. */
  files: ReadonlyMap<string, Asset>;
  /** Null when the dashboard is not built. */
  manifest: Readonly<Record<string, string>> | null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Reads the built assets into memory, once, at start: a few files of tens of KB, served from
 * memory with an ETag and gzipped ahead. A missing directory (not built) is no error: the shell
 * then says how to build.
 * @example const assets = loadAssetFiles(DEFAULT_ASSETS_DIR); assets.manifest?.['dashboard.js']
 */
export function loadAssetFiles(dir: string): AssetFiles {
  const files = new Map<string, Asset>();
  if (!existsSync(dir)) return { files, manifest: null };
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>) : null;
  const hashed = new Set(Object.values(manifest ?? {}));
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === MANIFEST_FILE || !statSync(path).isFile()) continue;
    const body = readFileSync(path);
    const contentType = CONTENT_TYPES[extname(name)] ?? 'application/octet-stream';
    const zipped = contentType.startsWith('text/') || contentType.startsWith('application/json') || contentType === 'image/svg+xml' ? gzipSync(body) : null;
    files.set(name, {
      body,
      gzipped: zipped !== null && zipped.length < body.length ? zipped : null,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      contentType,
      immutable: hashed.has(name),
    });
  }
  return { files, manifest };
}
