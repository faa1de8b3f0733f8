import type { FastifyInstance } from 'fastify';
import { eventually, useTestInfra } from '@parley/testing';
import { revokeEmbedToken } from '@parley/credentials';
import { buildApp } from '../src/app';
import { bearer, expectError, init, initOk, seedWidget, SITE, type SeededWidget } from './fixtures';

const infra = useTestInfra();

describe('POST /v1/widget/init: the Origin gate and CORS', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  let listedBot: SeededWidget;
  let unlistedBot: SeededWidget;
  beforeAll(async () => {
    // Seeded before the app answers anything, so its origin snapshot already holds them.
    shop = await seedWidget(infra.db, 'shop', { allowedOrigins: [SITE, 'http://localhost:5173'] });
    listedBot = await seedWidget(infra.db, 'listed', { allowedOrigins: ['https://other.example'], botOrigins: ['https://bot-site.example'] });
    unlistedBot = await seedWidget(infra.db, 'unlisted', { allowedOrigins: ['https://third.example'] });
    app = await buildApp(infra.deps(), { logger: false });
  });
  afterAll(() => app.close());

  it('accepts an allowed origin and grants CORS to it alone, varying by Origin', async () => {
    const res = await init(app, { embed_token: shop.embedToken });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SITE);
    expect(res.headers['access-control-expose-headers']).toContain('retry-after');
    expect(res.headers.vary).toContain('Origin');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const body = res.json();
    expect(body).toMatchObject({
      conversation_id: expect.any(String),
      visitor_id: expect.stringMatching(/^v_/),
      verified: false,
      token: expect.any(String),
      expires_in: 3600,
      bot: { id: shop.botId, name: 'Bot shop', greeting: 'Hi there!', theme: {}, lead_capture: {} },
      messages: [],
    });
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now() + 3500_000);
    // Scheme, host and port all count: another port of the same host is another origin.
    expect((await init(app, { embed_token: shop.embedToken }, { origin: 'http://localhost:5173' })).statusCode).toBe(200);
  });

  it.each([
    ['a wrong host', 'https://evil.example'],
    ['a look-alike suffix', 'https://shop.example.com.evil.example'],
    ['another scheme', 'http://shop.example.com'],
    ['another port', 'https://shop.example.com:8443'],
    ['the opaque origin', 'null'],
  ])('refuses %s with 403 ORIGIN_NOT_ALLOWED naming the origin, and without CORS', async (_label, origin) => {
    const res = await init(app, { embed_token: shop.embedToken }, { origin });
    expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
    expect(res.json().message).toContain(`"${origin}"`);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a request without Origin', async () => {
    const res = await init(app, { embed_token: shop.embedToken }, {});
    expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
    expect(res.json().message).toMatch(/no Origin header/);
  });

  it("withdraws the provisional CORS grant of an origin that is listed, but by another widget", async () => {
    const res = await init(app, { embed_token: shop.embedToken }, { origin: 'https://other.example' });
    expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown or revoked embed token with 403 EMBED_TOKEN_INVALID', async () => {
    expectError(await init(app, { embed_token: 'ew_not_a_real_token_at_all' }), 403, 'EMBED_TOKEN_INVALID');
    const revoked = await seedWidget(infra.db, 'revoked');
    // Twice: the second answer comes from the node's cache of embed tokens.
    expect((await init(app, { embed_token: revoked.embedToken })).statusCode).toBe(200);
    expect((await init(app, { embed_token: revoked.embedToken })).statusCode).toBe(200);
    const tokenId = (await infra.db.embedToken.findFirstOrThrow({ where: { organizationId: revoked.orgId } })).id;
    await revokeEmbedToken(infra.db, revoked.orgId, tokenId);
    // Postgres announces the change at commit: the cache is dropped long before its 10 s TTL.
    await eventually(async () => expectError(await init(app, { embed_token: revoked.embedToken }), 403, 'EMBED_TOKEN_INVALID'), {
      timeoutMs: 2_000,
    });
  });

  it('sees an edited origin list at once, whoever edits it', async () => {
    const moving = await seedWidget(infra.db, 'moving', { allowedOrigins: ['https://old.example'] });
    expect((await init(app, { embed_token: moving.embedToken }, { origin: 'https://old.example' })).statusCode).toBe(200);
    await infra.db.$executeRaw`UPDATE embed_tokens SET allowed_origins = ARRAY['https://new.example'] WHERE organization_id = ${moving.orgId}::uuid`;
    await eventually(
      async () => expectError(await init(app, { embed_token: moving.embedToken }, { origin: 'https://old.example' }), 403, 'ORIGIN_NOT_ALLOWED'),
      { timeoutMs: 2_000 },
    );
    expect((await init(app, { embed_token: moving.embedToken }, { origin: 'https://new.example' })).statusCode).toBe(200);
  });

  it("drops an origin from a widget token's requests at once when the embed token stops listing it", async () => {
    // Without the change listener the cached "allowed" answer would stand for ORIGIN_CACHE_TTL_MS (30 s).
    const leaving = await seedWidget(infra.db, 'leaving', { allowedOrigins: ['https://leaving.example'] });
    const visitor = await initOk(app, { embed_token: leaving.embedToken }, { origin: 'https://leaving.example' });
    const postEvents = () =>
      app.inject({
        method: 'POST',
        url: '/v1/widget/events',
        headers: bearer(visitor.token, 'https://leaving.example'),
        payload: { events: [{ name: 'launcher_open' }] },
      });
    expect((await postEvents()).statusCode).toBe(202);
    await infra.db.$executeRaw`UPDATE embed_tokens SET allowed_origins = ARRAY['https://staying.example'] WHERE organization_id = ${leaving.orgId}::uuid`;
    await eventually(async () => expectError(await postEvents(), 403, 'ORIGIN_NOT_ALLOWED'), { timeoutMs: 2_000 });
  });

  it("bot_id: only the bot's own allowed origins count, and an empty list allows none", async () => {
    const ok = await init(app, { bot_id: listedBot.botId }, { origin: 'https://bot-site.example' });
    expect(ok.statusCode).toBe(200);
    // The bot's webchat channel (the one its embed token uses) carries the conversation.
    const conversation = await infra.db.conversation.findUniqueOrThrow({ where: { id: ok.json().conversation_id } });
    expect(conversation.channelId).toBe(listedBot.channelId);
    // Its embed token's origin is not the bot's.
    expectError(await init(app, { bot_id: listedBot.botId }, { origin: 'https://other.example' }), 403, 'ORIGIN_NOT_ALLOWED');
    const none = await init(app, { bot_id: unlistedBot.botId }, { origin: 'https://third.example' });
    expectError(none, 403, 'ORIGIN_NOT_ALLOWED');
    expect(none.json().message).toMatch(/lists no allowed origins/);
    expectError(await init(app, { bot_id: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
  });

  it('wants exactly one of embed_token and bot_id', async () => {
    expectError(await init(app, {}), 400, 'VALIDATION_FAILED');
    expectError(await init(app, { embed_token: shop.embedToken, bot_id: listedBot.botId }), 400, 'VALIDATION_FAILED');
  });

  describe('preflight', () => {
    const preflight = (origin: string | undefined, path = '/v1/widget/init') =>
      app.inject({
        method: 'OPTIONS',
        url: path,
        headers: {
          ...(origin ? { origin } : {}),
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });

    it('allows an origin some live embed token or bot lists, for every widget path', async () => {
      for (const origin of [SITE, 'https://bot-site.example', 'https://other.example']) {
        for (const path of ['/v1/widget/init', '/v1/widget/leads', '/v1/widget/events']) {
          const res = await preflight(origin, path);
          expect(res.statusCode).toBe(204);
          expect(res.headers['access-control-allow-origin']).toBe(origin);
          expect(res.headers['access-control-allow-methods']).toContain('POST');
          expect(res.headers['access-control-allow-headers']).toContain('authorization');
          expect(res.headers['access-control-max-age']).toBe('600');
          expect(res.headers.vary).toContain('Origin');
        }
      }
    });

    it('refuses an origin nobody lists, or none, with 403 ORIGIN_NOT_ALLOWED', async () => {
      for (const origin of ['https://evil.example', undefined]) {
        const res = await preflight(origin);
        expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });
});
