const BASE = 'http://upwatch.invalid';
/** Pages a login must not lead back to: it would loop or undo itself. */
const NOT_AFTER_LOGIN = new Set(['/login', '/logout', '/setup']);

/**
 * Where to go after a login: the `next` it was given when that is a path of this site, else `/`.
 * Anything that could leave the site (`//evil.example`, `/\evil.example`, `https://…`, control
 * characters a browser would strip) is refused: no open redirect.
 *
 * @example safeNext('/monitors/abc?tab=checks') // '/monitors/abc?tab=checks'
 * @example safeNext('//evil.example/') // '/'
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2_000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  // Checked again after parsing: dot segments collapse, so `/.//evil.example` becomes `//evil.example`.
  if (url.origin !== BASE || url.pathname.startsWith('//') || NOT_AFTER_LOGIN.has(url.pathname)) return '/';
  return url.pathname + url.search + url.hash;
}
