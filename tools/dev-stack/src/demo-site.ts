import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { renderDemoPage } from './demo-page';

export interface DemoSiteOptions {
  /** The edge the widget is loaded from, e.g. http://localhost:8080. */
  edgeOrigin: string;
  embedToken?: string | null;
}

export interface DemoSiteServer extends http.Server {
  shutdown(): Promise<void>;
}

/**
 * A CSP like a careful customer's: scripts, frames and connections only from itself and the
 * Parley edge, no inline script at all. If the widget works here it works on strict sites too.
 */
export function demoSiteCsp(edgeOrigin: string, styleNonce: string): string {
  const edgeWs = edgeOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src ${edgeOrigin}`,
    `style-src 'self' 'nonce-${styleNonce}' ${edgeOrigin}`,
    `img-src 'self' data: ${edgeOrigin}`,
    `font-src 'self' ${edgeOrigin}`,
    `connect-src 'self' ${edgeOrigin} ${edgeWs}`,
    `frame-src ${edgeOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function createDemoSite(opts: DemoSiteOptions): DemoSiteServer {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path !== '/' && path !== '/index.html') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const styleNonce = randomBytes(16).toString('base64');
    const html = renderDemoPage({ edgeOrigin: opts.edgeOrigin, embedToken: opts.embedToken ?? null, styleNonce });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'content-security-policy': demoSiteCsp(opts.edgeOrigin, styleNonce),
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  });
  return Object.assign(server, {
    shutdown: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
