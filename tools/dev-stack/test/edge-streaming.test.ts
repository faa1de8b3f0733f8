import http from 'node:http';
import type net from 'node:net';
import { once } from 'node:events';
import { createEdge } from '../src/edge';
import { listen, upstreamTable, useEdgeFixture, websocketAccept } from './helpers/upstreams';

const fixture = useEdgeFixture();

/** Reads a stream chunk by chunk; unlike `once(stream, 'data')`, never misses one (or the end). */
function chunksOf(stream: AsyncIterable<unknown>) {
  const iterator = stream[Symbol.asyncIterator]();
  return {
    next: async () => String((await iterator.next()).value),
    ended: async () => (await iterator.next()).done,
  };
}

describe('the dev edge streams', () => {
  it('request bodies as they arrive: each chunk comes back before the next is sent', async () => {
    const req = http.request({ host: '127.0.0.1', port: fixture.port, path: '/v1/widget/echo', method: 'POST', agent: false });
    req.flushHeaders();
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.headers['x-upstream']).toBe('widget-gateway');
    const reader = chunksOf(res);
    // A proxy that buffered the body until its end would never answer the first chunk.
    for (const chunk of ['one;', 'two;', 'three;']) {
      req.write(chunk);
      expect(await reader.next()).toBe(chunk);
    }
    req.end();
    expect(await reader.ended()).toBe(true);
  });

  it('large bodies intact', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 'parley-');
    const req = http.request({ host: '127.0.0.1', port: fixture.port, path: '/api/echo', method: 'PUT', agent: false, headers: { 'content-length': body.length } });
    req.end(body);
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('Server-Sent Events one by one, without waiting for the response to end', async () => {
    const req = http.get({ host: '127.0.0.1', port: fixture.port, path: '/v1/widget/sse-test', agent: false, headers: { accept: 'text/event-stream' } });
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.headers['content-type']).toBe('text/event-stream');
    const events = chunksOf(res);
    // The service holds the second event back until the test has seen the first.
    expect(await events.next()).toBe('data: first\n\n');
    fixture.upstreams.releaseSse();
    expect(await events.next()).toBe('data: second\n\n');
    expect(await events.ended()).toBe(true);
  });

  it('WebSocket upgrades: the handshake reaches the service and bytes flow both ways', async () => {
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const req = http.request({
      host: '127.0.0.1',
      port: fixture.port,
      path: '/socket.io/?EIO=4&transport=websocket',
      agent: false,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': key, 'sec-websocket-version': '13' },
    });
    req.end();
    const [res, socket] = (await once(req, 'upgrade')) as [http.IncomingMessage, net.Socket];
    expect(res.statusCode).toBe(101);
    expect(res.headers).toMatchObject({
      'sec-websocket-accept': websocketAccept(key),
      'x-upstream': 'widget-gateway',
      'x-seen-url': '/socket.io/?EIO=4&transport=websocket',
      'x-seen-forwarded-for': '127.0.0.1',
    });
    socket.write('hello through the tunnel');
    expect(await chunksOf(socket).next()).toBe('hello through the tunnel');
    socket.destroy();
  });

  it('shutdown() cuts open streams and tunnels instead of waiting for them', async () => {
    const extra = createEdge({ upstreams: upstreamTable(fixture.upstreams.ports) });
    const extraPort = await listen(extra);
    const sse = http.get({ host: '127.0.0.1', port: extraPort, path: '/v1/widget/sse-test', agent: false });
    sse.on('error', () => undefined);
    const [res] = (await once(sse, 'response')) as [http.IncomingMessage];
    res.on('error', () => undefined);
    await once(res, 'data');
    const ws = http.request({ host: '127.0.0.1', port: extraPort, path: '/v1/ws', agent: false, headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'x' } });
    ws.end();
    const [, socket] = (await once(ws, 'upgrade')) as [http.IncomingMessage, net.Socket];
    socket.on('error', () => undefined);
    // Not events.once: it would reject on the 'error' ("aborted") that precedes 'close'.
    const closed = Promise.all([res, socket].map((s) => new Promise((resolve) => s.once('close', resolve))));
    const started = Date.now();
    await extra.shutdown();
    await closed;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
