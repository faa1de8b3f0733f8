import type { ChatWidgetManifest } from '@parley/chat-widget';
import type { WidgetTheme } from './widget-theme';

export const DEFAULT_TITLE = 'Chat with us';
export const ASSET_PATH = '/chat-widget/assets/';

/** What the iframe app needs before it calls /init (read from the page, so no extra request). */
export interface WidgetPageConfig {
  bot_name: string;
  theme: WidgetTheme;
  /** Pages that may talk to the widget over postMessage; null: any (a development token). */
  allowed_origins: string[] | null;
}

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** JSON inside a `<script type="application/json">`: nothing in it may close the element. */
const jsonForHtml = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * `frame-ancestors` is what keeps the widget off sites its owner did not list: the browser itself
 * refuses to show the page inside any other site. An embed token with no origins is a
 * development token that allows any (as on /init); a bot embedded by id with none allows none.
 */
export function frameAncestors(allowedOrigins: string[] | null): string {
  if (allowedOrigins === null) return '*';
  return allowedOrigins.length ? allowedOrigins.join(' ') : "'none'";
}

/**
 * The page's own policy: scripts and styles only from here (no inline code at all), images from
 * any http(s) URL (agents and bots send pictures hosted anywhere), connections only back here.
 */
export function widgetPageCsp(opts: { host: string; secure: boolean; allowedOrigins: string[] | null }): string {
  const ws = `${opts.secure ? 'wss' : 'ws'}://${opts.host}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    'img-src https: http:',
    `connect-src 'self' ${ws}`,
    `frame-ancestors ${frameAncestors(opts.allowedOrigins)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderWidgetPage(opts: { manifest: ChatWidgetManifest; title: string; config: WidgetPageConfig }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(opts.title)}</title>
<link rel="stylesheet" href="${ASSET_PATH}${opts.manifest.appCss}">
<script type="application/json" id="parley-config">${jsonForHtml(opts.config)}</script>
<script defer src="${ASSET_PATH}${opts.manifest.appJs}"></script>
</head>
<body>
<div id="parley-app"></div>
<noscript>The chat needs JavaScript.</noscript>
</body>
</html>
`;
}

/** Shown inside the iframe when it cannot start: a person reads this, so it says what to fix. */
export function renderErrorPage(opts: { statusCode: number; code: string; message: string }): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Chat unavailable</title></head>
<body>
<main data-error-code="${escapeHtml(opts.code)}">
<h1>Chat unavailable</h1>
<p>${escapeHtml(opts.message)}</p>
<p><code>${opts.statusCode} ${escapeHtml(opts.code)}</code></p>
</main>
</body>
</html>
`;
}
