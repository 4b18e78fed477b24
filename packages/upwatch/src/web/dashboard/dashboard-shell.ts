import { html, type Html } from '../html.js';
import { pageShell } from '../page-shell.js';

/**
 * The dashboard's one HTML page: an empty mount point, the hashed bundle and its stylesheet. The
 * client routes by the URL's hash (`#/monitors/ID`), so this is all the server renders. Without a
 * build it says how to make one.
 * @example dashboardShell({ 'dashboard.js': 'dashboard-5TJ2QK3M.js', 'dashboard.css': 'dashboard-Q2C4L7ZP.css' })
 */
export function dashboardShell(manifest: Readonly<Record<string, string>> | null): Html {
  const script = manifest?.['dashboard.js'];
  if (!script) {
    return pageShell({
      title: 'upwatch: dashboard not built',
      body: html`<main class="page narrow">
<h1>The dashboard is not built</h1>
<p>The server runs, but the dashboard's scripts are missing from <code>packages/upwatch/dist/web/assets/</code>.</p>
<p>Build them in the upwatch checkout with <code>npm run build</code> (<code>npm install</code> does it too), then reload this page.</p>
<p>The API works meanwhile: <a href="/api/health">/api/health</a>.</p>
</main>`,
    });
  }
  const style = manifest['dashboard.css'];
  return pageShell({
    title: 'upwatch',
    description: 'upwatch dashboard',
    scripts: [`/assets/${script}`],
    stylesheets: style ? [`/assets/${style}`] : [],
    // The list of every monitor is most of a load at 10,000 monitors (npm run bench:dashboard):
    // asked for with the script rather than once the script has run, it leaves ~0.35 s sooner on a
    // cold load, and a reload draws the list in 0.75 s rather than 0.93 s.
    // The monitors list is the page most visits open (the status pages' form reads it too).
    preloadFetches: ['/api/dashboard/monitors'],
    body: html`<div id="app" class="app"><p class="app-loading">Loading the dashboard…</p></div>
<noscript><p class="page narrow">The dashboard needs JavaScript. Status pages (<code>/status/…</code>) and the API work without it.</p></noscript>`,
  });
}
