import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildChatWidget } from '@parley/chat-widget';
import { createRepositories } from '@parley/db';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { bearer, expectError, initOk, SITE, seedWidget, type SeededWidget } from './fixtures';

const infra = useTestInfra();

describe('the web widget under /chat-widget', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  let assetsDir: string;
  beforeAll(async () => {
    assetsDir = await mkdtemp(path.join(os.tmpdir(), 'parley-widget-'));
    await buildChatWidget({ outDir: assetsDir });
    shop = await seedWidget(infra.db, 'assets', { bot: { theme: { color: '#FFCC00' } } });
    app = await buildApp(infra.deps(), { logger: false, widgetAssetsDir: assetsDir });
  });
  afterAll(async () => {
    await app.close();
    await rm(assetsDir, { recursive: true, force: true });
  });

  const page = (query: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/chat-widget?${query}`, headers });

  describe('embed.js', () => {
    it('is served with a short cache, an ETag, and gzip when asked', async () => {
      const res = await app.inject({ method: 'GET', url: '/chat-widget/embed.js' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
      expect(res.body).toContain('data-embed-token');
      const etag = String(res.headers.etag);
      expect((await app.inject({ method: 'GET', url: '/chat-widget/embed.js', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
      const gz = await app.inject({ method: 'GET', url: '/chat-widget/embed.js', headers: { 'accept-encoding': 'gzip, br' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.rawPayload.length).toBeLessThan(res.rawPayload.length);
    });
  });

  describe('the iframe page', () => {
    it('allows framing only by the embed token\'s origins, runs no inline script, and leaks no referrer', async () => {
      const res = await page(`embed_token=${shop.embedToken}&session_id=v_abc&title=Support`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain(`frame-ancestors ${SITE}`);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain('connect-src \'self\' ws://localhost:80');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.body).toContain('<title>Support</title>');
      const config = JSON.parse(/<script type="application\/json" id="parley-config">(.*?)<\/script>/.exec(res.body)![1]!);
      expect(config).toEqual({ bot_name: 'Bot assets', theme: { accent: '#ffcc00', on_accent: '#000000' }, allowed_origins: [SITE] });
      // Every other script is an external file from our own origin, served for a year.
      const scripts = [...res.body.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
      expect(scripts.filter((attrs) => !attrs.includes('application/json')).every((attrs) => /src="\/chat-widget\/assets\//.test(attrs))).toBe(true);
      for (const [, href] of res.body.matchAll(/(?:src|href)="(\/chat-widget\/assets\/[^"]+)"/g)) {
        const asset = await app.inject({ method: 'GET', url: href! });
        expect({ status: asset.statusCode, cache: asset.headers['cache-control'] }).toEqual({ status: 200, cache: 'public, max-age=31536000, immutable' });
      }
    });

    it('escapes the title and keeps the page config inert', async () => {
      const res = await page(`embed_token=${shop.embedToken}&title=${encodeURIComponent('</title><script>alert(1)</script>')}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('<script>alert(1)');
      expect(res.body).toContain('&lt;/title&gt;&lt;script&gt;');
    });

    it('lets any site frame a development token (no origins), and none a bot without origins', async () => {
      const dev = await seedWidget(infra.db, 'dev', { allowedOrigins: [] });
      expect(String((await page(`embed_token=${dev.embedToken}`)).headers['content-security-policy'])).toContain('frame-ancestors *');
      expect(String((await page(`bot_id=${dev.botId}`)).headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    });

    it('refuses an unknown token with 403 EMBED_TOKEN_INVALID, as JSON or as a page a person can read', async () => {
      expectError(await page('embed_token=ew_nope'), 403, 'EMBED_TOKEN_INVALID');
      const html = await page('embed_token=ew_nope', { accept: 'text/html,application/xhtml+xml' });
      expect(html.statusCode).toBe(403);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.body).toContain('EMBED_TOKEN_INVALID');
      expect(html.headers['x-error-code']).toBe('EMBED_TOKEN_INVALID');
    });

    it('answers a malformed URL with 400 VALIDATION_FAILED, never 500', async () => {
      expectError(await page(''), 400, 'VALIDATION_FAILED');
      expectError(await page(`embed_token=${shop.embedToken}&bot_id=${shop.botId}`), 400, 'VALIDATION_FAILED');
      expectError(await page(`embed_token=${shop.embedToken}&title=${'x'.repeat(101)}`), 400, 'VALIDATION_FAILED');
      expectError(await page('bot_id=not-a-uuid'), 400, 'VALIDATION_FAILED');
      expectError(await page(`embed_token=${shop.embedToken}&session_id=${encodeURIComponent('has space')}`), 400, 'VALIDATION_FAILED');
      expectError(await app.inject({ method: 'GET', url: '/chat-widget/assets/nope.js' }), 404, 'NOT_FOUND');
    });

    it('says 503 DEPENDENCY_UNAVAILABLE when the widget has not been built', async () => {
      const empty = await mkdtemp(path.join(os.tmpdir(), 'parley-widget-empty-'));
      const bare = await buildApp(infra.deps(), { logger: false, widgetAssetsDir: empty });
      try {
        expectError(await bare.inject({ method: 'GET', url: '/chat-widget/embed.js' }), 503, 'DEPENDENCY_UNAVAILABLE');
      } finally {
        await bare.close();
        await rm(empty, { recursive: true, force: true });
      }
    });
  });

  describe('GET /chat-widget/config (the loader\'s check)', () => {
    const config = (token: string, origin?: string) =>
      app.inject({ method: 'GET', url: `/chat-widget/config?embed_token=${encodeURIComponent(token)}`, headers: origin ? { origin } : {} });

    it('gives an allowed page the widget\'s colours', async () => {
      const res = await config(shop.embedToken, SITE);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ enabled: true, name: 'Bot assets', theme: { accent: '#ffcc00', on_accent: '#000000' } });
    });

    it('tells a refused page why, readable by any page (so the loader can print it)', async () => {
      const refused = await config(shop.embedToken, 'https://evil.example');
      expect(refused.statusCode).toBe(200);
      expect(refused.headers['access-control-allow-origin']).toBe('*');
      expect(refused.json()).toMatchObject({ enabled: false, code: 'ORIGIN_NOT_ALLOWED' });
      expect((await config('ew_unknown', SITE)).json()).toMatchObject({ enabled: false, code: 'EMBED_TOKEN_INVALID' });
      expectError(await app.inject({ method: 'GET', url: '/chat-widget/config' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('requests from the widget page itself (our own origin)', () => {
    const own = { origin: 'http://chat.parley.test', host: 'chat.parley.test' };

    it('pass /init and the token routes whatever the token\'s origins, while other pages are still refused', async () => {
      const visitor = await initOk(app, { embed_token: shop.embedToken }, own);
      expectError(await app.inject({ method: 'POST', url: '/v1/widget/init', headers: { origin: 'http://chat.parley.test', host: 'other.test' }, payload: { embed_token: shop.embedToken } }), 403, 'ORIGIN_NOT_ALLOWED');
      const lead = await app.inject({ method: 'POST', url: '/v1/widget/leads', headers: { ...own, authorization: `Bearer ${visitor.token}` }, payload: { email: 'ada@example.com' } });
      expect(lead.statusCode).toBe(201);
      expectError(await app.inject({ method: 'POST', url: '/v1/widget/leads', headers: bearer(visitor.token, 'https://evil.example'), payload: { email: 'ada@example.com' } }), 403, 'ORIGIN_NOT_ALLOWED');
    });
  });

  describe('GET /chat-widget/agents/:agent_id', () => {
    it("names an agent who wrote in the visitor's conversation, and nobody else", async () => {
      const visitor = await initOk(app, { embed_token: shop.embedToken });
      const repos = createRepositories(infra.db);
      const agent = await repos.users.create(shop.orgId, { email: `ada-${Date.now()}@example.com`, displayName: 'Ada', role: 'agent', passwordHash: 'x' });
      const silent = await repos.users.create(shop.orgId, { email: `bob-${Date.now()}@example.com`, displayName: 'Bob', role: 'agent', passwordHash: 'x' });
      await repos.messages.append(shop.orgId, { conversationId: visitor.conversation_id, senderType: 'end_user', senderId: visitor.visitor_id, content: 'hi' });
      await repos.messages.append(shop.orgId, { conversationId: visitor.conversation_id, senderType: 'agent', senderId: agent.id, content: 'hello' });
      const named = await app.inject({ method: 'GET', url: `/chat-widget/agents/${agent.id}`, headers: bearer(visitor.token) });
      expect(named.statusCode).toBe(200);
      expect(named.json()).toEqual({ id: agent.id, name: 'Ada' });
      expectError(await app.inject({ method: 'GET', url: `/chat-widget/agents/${silent.id}`, headers: bearer(visitor.token) }), 404, 'AGENT_NOT_FOUND');
      expectError(await app.inject({ method: 'GET', url: `/chat-widget/agents/${agent.id}` }), 401, 'TOKEN_INVALID');
      expectError(await app.inject({ method: 'GET', url: '/chat-widget/agents/nope', headers: bearer(visitor.token) }), 400, 'VALIDATION_FAILED');
    });
  });
});
