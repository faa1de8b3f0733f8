import type { FastifyInstance } from 'fastify';
import { createWidgetTokenService } from '@parley/security';
import { DEFAULT_SECURITY } from '@parley/service-kit';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { bearer, expectError, initOk, seedWidget, SITE, type Initialised, type SeededWidget } from './fixtures';

const infra = useTestInfra();

/** Bad input is always a 4xx with a stable code, never a 500. */
describe('malformed requests', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  let visitor: Initialised;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'malformed');
    app = await buildApp(infra.deps(), { logger: false });
    visitor = await initOk(app, { embed_token: shop.embedToken });
  });
  afterAll(() => app.close());

  const raw = (url: string, payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers: { origin: SITE, 'content-type': 'application/json', ...headers } });

  it.each(['/v1/widget/init', '/v1/widget/events'])('%s: broken JSON is 400 INVALID_JSON', async (url) => {
    expectError(await raw(url, '{"embed_token": ', bearer(visitor.token)), 400, 'INVALID_JSON');
    expectError(await raw(url, '', bearer(visitor.token)), 400, 'INVALID_JSON');
  });

  it('a body that is not JSON at all is 415', async () => {
    const res = await raw('/v1/widget/init', 'embed_token=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('wrong types and unknown fields are 400 VALIDATION_FAILED with the path', async () => {
    const cases: object[] = [
      { embed_token: { token: 'x' } },
      { embed_token: shop.embedToken, visitor_id: { id: 1 } },
      { embed_token: shop.embedToken, visitor_id: 'has spaces' },
      { bot_id: 'not-a-uuid' },
      { embed_token: shop.embedToken, conversation_id: 'nope' },
      { embed_token: shop.embedToken, customer_name: '' },
      { embed_token: shop.embedToken, admin: true },
      [],
    ];
    for (const payload of cases) {
      const res = await app.inject({ method: 'POST', url: '/v1/widget/init', headers: { origin: SITE }, payload });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.json().details?.[0]?.path).toMatch(/^body/);
    }
  });

  it('oversized bodies are 413 PAYLOAD_TOO_LARGE, per route', async () => {
    const big = JSON.stringify({ embed_token: shop.embedToken, customer_name: 'x'.repeat(20_000) });
    expectError(await raw('/v1/widget/init', big), 413, 'PAYLOAD_TOO_LARGE');
    const events = JSON.stringify({ events: Array.from({ length: 100 }, () => ({ name: 'cta_click', properties: { p: 'y'.repeat(400), q: 'z'.repeat(400) } })) });
    expect(events.length).toBeGreaterThan(64 * 1024);
    expect(events.length).toBeLessThan(128 * 1024);
    // Within the events route's own (larger) limit.
    expect((await raw('/v1/widget/events', events, bearer(visitor.token))).statusCode).toBe(202);
    const tooMany = JSON.stringify({ events: Array.from({ length: 100 }, () => ({ name: 'cta_click', properties: { p: 'y'.repeat(500), q: 'z'.repeat(500), r: 'w'.repeat(500) } })) });
    expectError(await raw('/v1/widget/events', tooMany, bearer(visitor.token)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('widget-token routes without a token, with a broken or expired one, or another scheme, are 401', async () => {
    const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/v1/widget/events', headers, payload: { events: [{ name: 'dismiss' }] } });
    expectError(await post({ origin: SITE }), 401, 'TOKEN_INVALID');
    expectError(await post(bearer('a.b.c')), 401, 'TOKEN_INVALID');
    expectError(await post({ origin: SITE, authorization: 'Basic abc' }), 401, 'TOKEN_INVALID');
    const claims = await app.widgetTokens.verify(visitor.token);
    const anHourAgo = createWidgetTokenService(DEFAULT_SECURITY.widgetJwtSecrets, { clock: () => new Date(Date.now() - 3700_000) });
    const expired = await anHourAgo.sign(claims);
    expectError(await post(bearer(expired.token)), 401, 'TOKEN_EXPIRED');
  });

  it('unknown widget paths and methods are 404 ROUTE_NOT_FOUND', async () => {
    expectError(await app.inject({ method: 'GET', url: '/v1/widget/init', headers: { origin: SITE } }), 404, 'ROUTE_NOT_FOUND');
    expectError(await app.inject({ method: 'POST', url: '/v1/widget/nope', headers: { origin: SITE }, payload: {} }), 404, 'ROUTE_NOT_FOUND');
  });
});
