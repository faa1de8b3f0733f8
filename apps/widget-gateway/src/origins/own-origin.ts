import type { IncomingHttpHeaders } from 'node:http';

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',', 1)[0]?.trim();

/**
 * True when the request comes from a page served by this gateway itself: the widget iframe at
 * `/chat-widget`, whose calls carry the gateway's own origin rather than the customer's site.
 * Browsers set Origin and Host themselves, so no other page can make them agree; which sites may
 * show that iframe at all is decided by its `frame-ancestors` header and the loader's check
 * (`routes/widget-assets/`). X-Forwarded-Host counts too, for proxies that rewrite Host: a page
 * cannot add that header to a cross-origin request (CORS does not allow it, WebSockets send no
 * custom headers), so it tells us nothing a browser page could forge.
 */
export function isOwnOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = first(headers.origin);
  if (!origin || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // URL drops a scheme's default port; Host may still carry it.
  const defaultPort = url.protocol === 'https:' ? ':443' : ':80';
  const sameHost = (h: string | undefined) => h !== undefined && (h.endsWith(defaultPort) ? h.slice(0, -defaultPort.length) : h).toLowerCase() === url.host.toLowerCase();
  return sameHost(first(headers.host)) || sameHost(first(headers['x-forwarded-host']));
}
