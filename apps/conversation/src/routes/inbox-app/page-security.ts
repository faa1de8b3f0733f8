/**
 * Headers of the inbox page. The CSP allows only our own scripts, styles and connections (the
 * API and Socket.IO are same-origin through the edge), so an injected `<script>` or inline
 * handler never runs even if some text slipped through unescaped. Images may come from any
 * http(s) address because agents and visitors send image links; the page sends no Referer to
 * them.
 */
export const INBOX_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: http: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': INBOX_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
