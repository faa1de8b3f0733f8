import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SERVICE_NAMES, type ServiceName } from '@parley/config';
import { createEdge, type EdgeServer } from '../../src/edge';

/** What a fake service saw of a request; it answers with this as JSON. */
export interface Seen {
  service: ServiceName;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeUpstreams {
  ports: Record<ServiceName, number>;
  /** Releases the second half of `/sse-test` streams, which wait for it. */
  releaseSse(): void;
  close(): Promise<void>;
}

/** The edge's upstream table for these fakes, one per service. */
export const upstreamTable = (ports: Record<ServiceName, number>): Record<ServiceName, { host: string; port: number }> =>
  Object.fromEntries(SERVICE_NAMES.map((s) => [s, { host: '127.0.0.1', port: ports[s] }])) as Record<ServiceName, { host: string; port: number }>;

export const websocketAccept = (key: string) =>
  createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

export async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound once by us, then released. */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * One tiny HTTP server per service, standing in for it behind the edge. Each answers with what it
 * saw, and has a few special paths: `/echo` streams the request body straight back chunk by chunk,
 * `/sse-test` sends one event, waits for `releaseSse()`, then sends another; WebSocket upgrades
 * complete the handshake and then echo every byte. Special paths match by suffix, so they exist under any route prefix.
 */
export async function startFakeUpstreams(): Promise<FakeUpstreams> {
  let release: () => void = () => undefined;
  let released = new Promise<void>((resolve) => (release = resolve));
  const servers: http.Server[] = [];
  const ports = {} as Record<ServiceName, number>;

  for (const service of SERVICE_NAMES) {
    const server = http.createServer((req, res) => {
      if (req.url?.endsWith('/echo')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-upstream': service });
        res.flushHeaders();
        req.pipe(res);
        return;
      }
      if (req.url?.endsWith('/sse-test')) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-upstream': service });
        res.write('data: first\n\n');
        void released.then(() => res.end('data: second\n\n'));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen: Seen = { service, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': service, 'set-cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify(seen));
      });
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      const key = String(req.headers['sec-websocket-key'] ?? '');
      socket.write(
        [
          'HTTP/1.1 101 Switching Protocols',
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Accept: ${websocketAccept(key)}`,
          `X-Upstream: ${service}`,
          `X-Seen-Url: ${req.url}`,
          `X-Seen-Forwarded-For: ${req.headers['x-forwarded-for'] ?? ''}`,
          '',
          '',
        ].join('\r\n'),
      );
      if (head.length) socket.write(head);
      socket.pipe(socket);
    });
    ports[service] = await listen(server);
    servers.push(server);
  }

  return {
    ports,
    releaseSse() {
      release();
      released = new Promise<void>((resolve) => (release = resolve));
    },
    async close() {
      release();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.close(resolve);
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

export interface EdgeFixture {
  readonly upstreams: FakeUpstreams;
  readonly edge: EdgeServer;
  readonly port: number;
}

/** Fake upstreams with an edge in front, for the file's tests; both are closed afterwards. */
export function useEdgeFixture(): EdgeFixture {
  const state: Partial<{ upstreams: FakeUpstreams; edge: EdgeServer; port: number }> = {};
  beforeAll(async () => {
    state.upstreams = await startFakeUpstreams();
    state.edge = createEdge({ upstreams: upstreamTable(state.upstreams.ports) });
    state.port = await listen(state.edge);
  });
  afterAll(async () => {
    await state.edge?.shutdown();
    await state.upstreams?.close();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('edge fixture used outside a test');
    return v;
  };
  return {
    get upstreams() {
      return need(state.upstreams);
    },
    get edge() {
      return need(state.edge);
    },
    get port() {
      return need(state.port);
    },
  };
}
