/**
 * Allowed origins of embed tokens (and bots). Browsers send `Origin` already serialised as
 * `scheme://host[:port]` (lowercase, punycode host, default port left out), so an allowed origin
 * is stored in exactly that form and compared as a string: no wildcard or suffix matching that
 * `https://shop.example.com.evil.test` could slip through.
 */

/** Why `value` is not an exact origin, or undefined when it is one. The text is safe to show. */
export function originProblem(value: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const wellFormed = url && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && url.host;
  if (!url || !wellFormed) {
    return `invalid origin "${value}": expected scheme://host[:port] with http or https, e.g. https://shop.example.com`;
  }
  if (url.origin !== value) {
    const hint = url.pathname === '/' && !url.search && !url.hash ? `; did you mean ${url.origin}?` : '';
    return `invalid origin "${value}": write it as scheme://host[:port] (lowercase, no path, query or trailing slash, no default port)${hint}`;
  }
  return undefined;
}

/**
 * The gate for a request's `Origin` header: an empty list allows any origin (development only,
 * and listings say so); otherwise scheme, host and port must all match one entry exactly.
 * A missing, malformed or opaque (`null`) origin never matches a non-empty list.
 */
export function isOriginAllowed(allowedOrigins: readonly string[], origin: string | undefined): boolean {
  if (allowedOrigins.length === 0) return true;
  if (!origin || originProblem(origin)) return false;
  return allowedOrigins.includes(origin);
}
