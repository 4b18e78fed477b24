import { html, type Html } from './html.js';

export interface PageShellOptions {
  title: string;
  body: Html;
  /** Extra stylesheets or scripts, by URL: the Content-Security-Policy allows no inline script. */
  scripts?: string[];
  stylesheets?: string[];
  /**
   * API reads the page's script will make at once: fetched beside the script, not after it has
   * run. Asked for after the script, so that a slow read does not hold the script up.
   */
  preloadFetches?: string[];
  /** A page for the public (a status page) or for the team (login, dashboard). */
  description?: string;
}

/** The document around every server-rendered page: one stylesheet, no inline script or style. */
export function pageShell(options: PageShellOptions): Html {
  const stylesheets = ['/assets/site.css', ...(options.stylesheets ?? [])];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : null}
${stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">`)}
${(options.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
${(options.preloadFetches ?? []).map((href) => html`<link rel="preload" href="${href}" as="fetch" crossorigin>`)}
</head>
<body>
${options.body}
</body>
</html>
`;
}
