import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { bearer, expectError, init, initOk, seedWidget, SITE, type SeededWidget } from './fixtures';

const infra = useTestInfra();

describe('per-endpoint rate limits (Redis-backed, with Retry-After)', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'limits');
    // The edge at 10.0.0.1 is trusted to say who the client is.
    app = await buildApp(infra.deps(), { logger: false, trustedProxies: '10.0.0.1' });
  });
  afterAll(() => app.close());

  const expect429 = (res: Awaited<ReturnType<typeof init>>) => {
    expectError(res, 429, 'RATE_LIMITED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The widget can read the 429 and its Retry-After cross-origin.
    expect(res.headers['access-control-allow-origin']).toBe(SITE);
  };

  it('/init: the 61st request in a minute from one address gets 429; another address does not', async () => {
    // Every request counts, whatever its outcome: refused ones cost us work too.
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const payload = i % 2 ? { embed_token: shop.embedToken } : { embed_token: 'ew_wrong' };
      statuses.push((await init(app, payload, { origin: SITE }, '203.0.113.7')).statusCode);
    }
    expect(new Set(statuses)).toEqual(new Set([200, 403]));
    expect429(await init(app, { embed_token: shop.embedToken }, { origin: SITE }, '203.0.113.7'));
    expect((await init(app, { embed_token: shop.embedToken }, { origin: SITE }, '203.0.113.8')).statusCode).toBe(200);
  });

  it('/init: behind a trusted proxy the forwarded address counts, and a spoofed header from elsewhere does not', async () => {
    const viaEdge = (client: string) => init(app, { embed_token: shop.embedToken }, { origin: SITE, 'x-forwarded-for': client }, '10.0.0.1');
    for (let i = 0; i < 60; i++) expect((await viaEdge('198.51.100.20')).statusCode).toBe(200);
    expect429(await viaEdge('198.51.100.20'));
    expect((await viaEdge('198.51.100.21')).statusCode).toBe(200);
    // Not from the trusted edge: X-Forwarded-For is ignored, the socket address counts.
    const direct = await init(app, { embed_token: shop.embedToken }, { origin: SITE, 'x-forwarded-for': '198.51.100.20' }, '192.0.2.50');
    expect(direct.statusCode).toBe(200);
  });

  it('/leads: the 6th submission in a minute for one conversation gets 429, even with a fresh token', async () => {
    const visitor = await initOk(app, { embed_token: shop.embedToken });
    const lead = (token: string, i: number) =>
      app.inject({ method: 'POST', url: '/v1/widget/leads', headers: bearer(token), payload: { email: `lead${i}@example.com` } });
    for (let i = 0; i < 5; i++) expect((await lead(visitor.token, i)).statusCode).toBe(201);
    expect429(await lead(visitor.token, 5));
    // A new /init for the same visitor gives a new token (new jti) but the same subject.
    const again = await initOk(app, { embed_token: shop.embedToken, visitor_id: visitor.visitor_id });
    expect429(await lead(again.token, 6));
    // Another visitor has a budget of their own.
    const other = await initOk(app, { embed_token: shop.embedToken });
    expect((await lead(other.token, 7)).statusCode).toBe(201);
  });

  it('/events: 600 per minute per token subject', async () => {
    const visitor = await initOk(app, { embed_token: shop.embedToken });
    const send = () =>
      app.inject({ method: 'POST', url: '/v1/widget/events', headers: bearer(visitor.token), payload: { events: [{ name: 'launcher_open' }] } });
    const results = await Promise.all(Array.from({ length: 600 }, send));
    expect(results.every((r) => r.statusCode === 202)).toBe(true);
    expect429(await send());
  });

  it('a bad token is refused with 401 before anything is counted', async () => {
    for (let i = 0; i < 7; i++) {
      const res = await app.inject({ method: 'POST', url: '/v1/widget/leads', headers: bearer('nope'), payload: { email: 'x@example.com' } });
      expectError(res, 401, 'TOKEN_INVALID');
    }
  });
});
