import { ROUTES } from '@parley/config';

/** Paths of APIs and tools, never the app's: an unknown one stays a JSON 404, even for a browser. */
const NOT_THE_APP = [
  ...new Set([...ROUTES.map((r) => r.prefix).filter((p) => p !== '/'), '/api', '/v1', '/docs', '/healthz', '/readyz', '/metrics', '/assets']),
];

const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Does this GET belong to the single-page app (`/inbox/...`, `/console/...`, `/login`)? Only
 * navigations qualify: the browser asks for HTML. A `fetch()` to a mistyped API path asks for
 * anything (`*\/*`) and gets the JSON 404 it can understand.
 */
export function isAppNavigation(url: string, accept: string | undefined): boolean {
  const path = url.split('?', 1)[0] ?? '/';
  if (!accept?.includes('text/html')) return false;
  return !NOT_THE_APP.some((prefix) => underPrefix(path, prefix));
}
