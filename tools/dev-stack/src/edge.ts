// The dev edge plays the production ingress (infra/k8s/ingress.yaml, infra/edge/nginx.conf) on
// one port: route by path prefix, forward headers, stream bodies, tunnel WebSockets.
//
// Plain `node:http` + `node:net` rather than http-proxy-3: that library declares Node >= 22
// (we run 20), pulls in follow-redirects, and its extra features (redirect rewriting, cookie
// domains, HTTPS targets) are nothing a loopback dev edge needs. What we need is small: stream a
// request to a chosen upstream and stream the answer back, and pipe two sockets after an upgrade.
// The tests in tools/dev-stack/test pin that behaviour (segments, bodies, SSE, WebSocket, 502).
import http from 'node:http';
import type net from 'node:net';
import { ROUTES, routeFor, type RouteRule, type ServiceName } from '@parley/config';
import { proxyHttp, type ProxyTarget } from './edge-http';
import { proxyUpgrade } from './edge-upgrade';
import type { Upstream } from './upstream-error';

export type { Upstream } from './upstream-error';

export interface EdgeOptions {
  /** Defaults to the production table; tests may pass their own. */
  routes?: readonly RouteRule[];
  upstreams: Readonly<Record<ServiceName, Upstream>>;
}

export interface EdgeServer extends http.Server {
  /** Stops listening and cuts keep-alive connections and open WebSocket tunnels. */
  shutdown(): Promise<void>;
}

export function createEdge(opts: EdgeOptions): EdgeServer {
  const routes = opts.routes ?? ROUTES;
  // Keep-alive to the services, as nginx's `keepalive 16` does: no new TCP handshake per request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const tunnels = new Set<net.Socket>();
  const targetFor = (url: string | undefined): ProxyTarget => {
    const { service } = routeFor(url ?? '/', routes);
    return { service, upstream: opts.upstreams[service], agent };
  };

  const server = http.createServer((req, res) => proxyHttp(req, res, targetFor(req.url)));
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) =>
    proxyUpgrade(req, socket, head, targetFor(req.url), tunnels),
  );
  // A malformed request gets a 400 rather than a silently dropped socket.
  server.on('clientError', (_err, socket: net.Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });

  return Object.assign(server, {
    shutdown: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of tunnels) socket.destroy();
        agent.destroy();
      }),
  });
}
