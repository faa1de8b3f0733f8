import net from 'node:net';
import { ROUTES } from '@parley/config';
import { createEdge } from '../src/edge';
import { request } from './helpers/http-client';
import { deadPort, listen, upstreamTable, useEdgeFixture, type Seen } from './helpers/upstreams';

const fixture = useEdgeFixture();

const seenAt = async (path: string, opts: Parameters<typeof request>[2] = {}) => {
  const answer = await request(fixture.port, path, opts);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as Seen;
};

describe('the dev edge routes like the production ingress', () => {
  it.each(ROUTES.map((r) => [r.prefix, r.service] as const))('%s and everything under it go to %s', async (prefix, service) => {
    const under = prefix === '/' ? '/some/page' : `${prefix}/deeper/path`;
    expect((await seenAt(prefix)).service).toBe(service);
    expect((await seenAt(under)).service).toBe(service);
  });

  it.each([
    ['/authors', 'conversation'],
    ['/auth', 'auth-token'],
    ['/authx/login', 'conversation'],
    ['/v1/widgets', 'conversation'],
    ['/chat-widget/embed.js', 'widget-gateway'],
    ['/socket.io/?EIO=4&transport=polling', 'widget-gateway'],
    ['/api/apps-legacy', 'conversation'],
    ['/_status/notification/readyz', 'notification'],
    ['/_status/unknown/readyz', 'conversation'],
  ])('matches whole path segments: %s goes to %s', async (path, service) => {
    expect((await seenAt(path)).service).toBe(service);
  });

  it('passes the path and query string through untouched', async () => {
    const path = '/v1/widget/conversations/abc/messages?after_seq=3&q=a%20b&q=c';
    expect(await seenAt(path)).toMatchObject({ service: 'widget-gateway', url: path, method: 'GET' });
  });

  it('sets the forwarding headers, keeps Host, and keeps or mints x-request-id', async () => {
    const seen = await seenAt('/api/webhooks', {
      headers: { host: 'parley.test:8080', 'x-request-id': 'req-123', 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
    });
    expect(seen.headers).toMatchObject({
      host: 'parley.test:8080',
      'x-forwarded-for': '203.0.113.7, 127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'parley.test:8080',
      'x-request-id': 'req-123',
    });
    const minted = await seenAt('/api/webhooks');
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('forwards a POST without a body as one, not as an empty chunked body', async () => {
    // As curl -X POST sends it: neither Content-Length nor Transfer-Encoding (Node's client adds one).
    const socket = net.connect(fixture.port, '127.0.0.1');
    socket.write('POST /api/conversations/abc/assign HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    let raw = '';
    for await (const chunk of socket) raw += String(chunk);
    const seen = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, '')) as Seen;
    expect(seen).toMatchObject({ method: 'POST', body: '' });
    expect(seen.headers['content-length']).toBe('0');
    expect(seen.headers['transfer-encoding']).toBeUndefined();
  });

  it('forwards methods, bodies and every response header, repeated ones included', async () => {
    const answer = await request(fixture.port, '/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"a@b.c"}',
    });
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.headers['x-upstream']).toBe('auth-token');
    expect(JSON.parse(answer.body)).toMatchObject({ method: 'POST', body: '{"email":"a@b.c"}' });
  });
});

describe('when a service is down', () => {
  it('answers 502 UPSTREAM_UNAVAILABLE in the error shape, for requests and upgrades', async () => {
    const down = createEdge({
      upstreams: {
        'auth-token': { host: '127.0.0.1', port: fixture.upstreams.ports['auth-token'] },
        'widget-gateway': { host: '127.0.0.1', port: await deadPort() },
        conversation: { host: '127.0.0.1', port: fixture.upstreams.ports.conversation },
        notification: { host: '127.0.0.1', port: await deadPort() },
      },
    });
    const downPort = await listen(down);
    try {
      const answer = await request(downPort, '/v1/push/devices', { headers: { 'x-request-id': 'trace-1' } });
      expect(answer.status).toBe(502);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body)).toEqual({
        statusCode: 502,
        code: 'UPSTREAM_UNAVAILABLE',
        message: expect.stringMatching(/^notification is not answering at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/),
        requestId: 'trace-1',
      });

      const upgrade = await request(downPort, '/v1/ws', { headers: { connection: 'Upgrade', upgrade: 'websocket' } });
      expect(upgrade.status).toBe(502);
      expect(JSON.parse(upgrade.body)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/^widget-gateway/) });

      expect((await request(downPort, '/api/conversations')).status).toBe(200);
    } finally {
      await down.shutdown();
    }
  });
});
