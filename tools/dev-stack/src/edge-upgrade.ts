import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import { requestIdOf, upgradeRequestHead } from './proxy-headers';
import type { ProxyTarget } from './edge-http';
import { upstreamUnavailableBody } from './upstream-error';

function writeBadGateway(client: net.Socket, target: ProxyTarget, err: Error, requestId: string): void {
  const body = JSON.stringify(upstreamUnavailableBody(target.service, target.upstream, err, requestId));
  client.end(
    [
      'HTTP/1.1 502 Bad Gateway',
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      `x-request-id: ${requestId}`,
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/**
 * WebSocket (and Socket.IO) upgrades become a byte tunnel: the handshake is re-sent to the service
 * with forwarding headers, and from then on both sockets are piped to each other untouched. The
 * service's answer (101, or a 4xx refusing the upgrade) reaches the client as it was written.
 */
export function proxyUpgrade(req: IncomingMessage, client: net.Socket, head: Buffer, target: ProxyTarget, tunnels: Set<net.Socket>): void {
  const requestId = requestIdOf(req);
  const upstream = net.connect({ host: target.upstream.host, port: target.upstream.port });
  let connected = false;
  tunnels.add(client);
  tunnels.add(upstream);
  client.setNoDelay(true);
  upstream.setNoDelay(true);

  upstream.on('connect', () => {
    connected = true;
    upstream.write(upgradeRequestHead(req, requestId));
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', (err) => {
    if (!connected && client.writable) writeBadGateway(client, target, err, requestId);
    else client.destroy();
  });
  client.on('error', () => upstream.destroy());
  upstream.on('close', () => {
    tunnels.delete(upstream);
    client.end();
  });
  client.on('close', () => {
    tunnels.delete(client);
    upstream.destroy();
  });
}
