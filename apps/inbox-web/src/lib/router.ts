import { createStore, useStore } from './store';

/**
 * History-API routing: real URLs (`/inbox/mine/<id>`, `/console/bots`) that can be bookmarked,
 * reloaded (the server answers every app path with index.html) and opened in a new tab.
 */
const route = createStore({ path: location.pathname, search: location.search });

addEventListener('popstate', () => route.set({ path: location.pathname, search: location.search }));

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, location.origin);
  if (url.pathname === location.pathname && url.search === location.search) return;
  history[opts.replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search);
  route.set({ path: url.pathname, search: url.search });
}

export function useRoute() {
  return useStore(route, (r) => r);
}

export const currentPath = () => route.get().path;

/** Params of `pattern` (`/console/bots/:id`) in `path`, or null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < Math.max(want.length, have.length); i++) {
    const w = want[i];
    const h = have[i];
    if (w === undefined) return null;
    const optional = w.endsWith('?');
    if (h === undefined) {
      if (optional) continue;
      return null;
    }
    if (w.startsWith(':')) params[w.slice(1).replace(/\?$/, '')] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

/** Plain left clicks stay in the app; modified clicks (new tab, new window) are the browser's. */
export function onLinkClick(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}
