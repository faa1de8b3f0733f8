/** The page's shell: everything else is rendered by the app. No inline script or style, so the CSP needs no 'unsafe-inline'. */
export interface ShellAssets {
  script: string;
  stylesheet: string;
  icon: string;
  /** Chunks the entry imports statically: fetched in parallel with it. */
  preload: string[];
}

export function renderIndexHtml(assets: ShellAssets): string {
  const preload = assets.preload.map((href) => `<link rel="modulepreload" href="${href}">`).join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<title>Parley</title>',
    `<link rel="icon" type="image/svg+xml" href="${assets.icon}">`,
    `<link rel="stylesheet" href="${assets.stylesheet}">`,
    preload,
    `<script type="module" src="${assets.script}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"><noscript>The Parley inbox needs JavaScript.</noscript></div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A speech bubble in Parley's green: the tab icon. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#1f6f54"/>' +
  '<path d="M8 10.5A3.5 3.5 0 0 1 11.5 7h9A3.5 3.5 0 0 1 24 10.5v6a3.5 3.5 0 0 1-3.5 3.5H15l-5 4v-4.2A3.5 3.5 0 0 1 8 16.5z" fill="#fff"/></svg>\n';
