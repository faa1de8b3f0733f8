import { useTestInfra } from '@parley/testing';
import type { FastifyInstance } from 'fastify';
import { createRepositories, embedTokenRepository } from '@parley/db';
import { hashToken } from '@parley/security';
import { buildApp } from '../src/app';
import { adminSession, seedBot } from './fixtures';

const infra = useTestInfra();

describe('embed tokens', () => {
  let app: FastifyInstance;
  let acme: Awaited<ReturnType<typeof adminSession>>;
  let other: Awaited<ReturnType<typeof adminSession>>;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    acme = await adminSession(app, infra.db, 'et-acme');
    other = await adminSession(app, infra.db, 'et-other');
  });
  afterAll(() => app.close());

  const create = (payload: Record<string, unknown>, who = acme) =>
    app.inject({ method: 'POST', url: '/api/embed-tokens', headers: who.session.headers, payload });

  it('creates an ew_ token shown once, stores only its hash, and uses (creating) the bot webchat channel', async () => {
    const bot = await seedBot(infra.db, acme.orgId, 'Shop bot');
    const res = await create({ bot_id: bot.id, name: 'Shop', allowed_origins: ['https://shop.example.com', 'http://localhost:8090'] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.token).toMatch(/^ew_[A-Za-z0-9_-]{32}$/); // 24 random bytes = 192 bits
    expect(body).toMatchObject({
      name: 'Shop',
      prefix: body.token.slice(0, 10),
      bot_id: bot.id,
      bot_name: 'Shop bot',
      allowed_origins: ['https://shop.example.com', 'http://localhost:8090'],
      any_origin: false,
      development_only: false,
      last_used_at: null,
      revoked_at: null,
    });
    const channel = await infra.db.channel.findUniqueOrThrow({ where: { id: body.channel_id } });
    expect(channel).toMatchObject({ botId: bot.id, type: 'webchat', organizationId: acme.orgId });

    const row = await infra.db.embedToken.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.tokenHash).toBe(hashToken(body.token));
    expect(JSON.stringify(row)).not.toContain(body.token);

    // A second token for the same bot reuses the channel instead of adding one.
    const again = await create({ bot_id: bot.id, name: 'Shop 2' });
    expect(again.json().channel_id).toBe(body.channel_id);
    expect(await infra.db.channel.count({ where: { botId: bot.id } })).toBe(1);
  });

  it('lists tokens without the token or its hash, flagging "any origin" as development only', async () => {
    const bot = await seedBot(infra.db, acme.orgId, 'List bot');
    const created = (await create({ bot_id: bot.id, name: 'Anywhere' })).json();
    const res = await app.inject({ method: 'GET', url: '/api/embed-tokens', headers: acme.session.headers });
    expect(res.statusCode).toBe(200);
    const listed = res.json().embed_tokens as Array<Record<string, unknown>>;
    expect(listed.find((t) => t.id === created.id)).toEqual({ ...created, token: undefined, allowed_origins: [], any_origin: true, development_only: true });
    expect(res.body).not.toContain(created.token);
    expect(res.body).not.toContain(hashToken(created.token));
    for (const item of listed) expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['token']));
    // Another organization sees none of them.
    const theirs = await app.inject({ method: 'GET', url: '/api/embed-tokens', headers: other.session.headers });
    expect(theirs.json()).toEqual({ embed_tokens: [] });
  });

  it('uses an explicit channel of the bot, and refuses a channel of another bot', async () => {
    const repos = createRepositories(infra.db);
    const bot = await seedBot(infra.db, acme.orgId, 'Mobile bot');
    const mobile = (await repos.channels.create(acme.orgId, { botId: bot.id, type: 'mobile_sdk', name: 'App' }))!;
    const ok = await create({ bot_id: bot.id, channel_id: mobile.id, name: 'In-app WebView' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().channel_id).toBe(mobile.id);

    const otherBot = await seedBot(infra.db, acme.orgId, 'Other bot');
    const wrong = await create({ bot_id: otherBot.id, channel_id: mobile.id, name: 'Mixed up' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('VALIDATION_FAILED');
  });

  it("answers 404, never 403, for another organization's bot or channel", async () => {
    const theirBot = await seedBot(infra.db, other.orgId, 'Their bot');
    const theirChannel = (await createRepositories(infra.db).channels.create(other.orgId, { botId: theirBot.id, type: 'webchat', name: 'x' }))!;
    const mine = await seedBot(infra.db, acme.orgId, 'Mine');
    for (const payload of [
      { bot_id: theirBot.id, name: 'steal' },
      { bot_id: mine.id, channel_id: theirChannel.id, name: 'steal' },
      { bot_id: '00000000-0000-4000-8000-000000000000', name: 'nothing' },
    ]) {
      const res = await create(payload);
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
    expect(await infra.db.embedToken.count({ where: { botId: theirBot.id } })).toBe(0);
  });

  it.each([
    ['https://shop.example.com/', 'did you mean https://shop.example.com?'],
    ['https://shop.example.com/path', 'no path'],
    ['https://Shop.example.com', 'lowercase'],
    ['https://shop.example.com:443', 'no default port'],
    ['https://shop.example.com?x=1', 'no path, query'],
    ['ftp://shop.example.com', 'http or https'],
    ['*.example.com', 'expected scheme://host[:port]'],
    ['null', 'expected scheme://host[:port]'],
  ])('refuses the allowed origin %s with 400 INVALID_ORIGIN', async (origin, hint) => {
    const bot = await seedBot(infra.db, acme.orgId, `Origins ${origin}`);
    const res = await create({ bot_id: bot.id, name: 'bad', allowed_origins: ['https://ok.example.com', origin] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_ORIGIN', details: [{ path: 'allowed_origins/1' }] });
    expect(res.json().message).toContain(hint);
    expect(await infra.db.embedToken.count({ where: { botId: bot.id } })).toBe(0);
  });

  it.each([
    ['no name', { name: undefined }],
    ['a blank name', { name: '   ' }],
    ['a malformed bot id', { bot_id: 'not-a-uuid' }],
    ['an unknown field', { extra: true }],
    ['origins that are not strings', { allowed_origins: [{ origin: 'https://a.example.com' }] }],
  ])('refuses %s with 400', async (_label, change) => {
    const bot = await seedBot(infra.db, acme.orgId, 'Body checks');
    const res = await create({ bot_id: bot.id, name: 'x', ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('revokes a token: the gateway lookup stops finding it, revoking again is fine, a bad id is 400', async () => {
    const bot = await seedBot(infra.db, acme.orgId, 'Revoke bot');
    const created = (await create({ bot_id: bot.id, name: 'Temp', allowed_origins: ['https://a.example.com'] })).json();
    const lookup = embedTokenRepository(infra.db);
    expect(await lookup.findActiveByHash(hashToken(created.token))).toEqual({
      id: created.id,
      orgId: acme.orgId,
      botId: bot.id,
      channelId: created.channel_id,
      allowedOrigins: ['https://a.example.com'],
      lastUsedAt: null,
    });

    const theirs = await app.inject({ method: 'DELETE', url: `/api/embed-tokens/${created.id}`, headers: other.session.headers });
    expect(theirs.statusCode).toBe(404);
    expect(await lookup.findActiveByHash(hashToken(created.token))).not.toBeNull();

    const res = await app.inject({ method: 'DELETE', url: `/api/embed-tokens/${created.id}`, headers: acme.session.headers });
    expect(res.statusCode).toBe(204);
    expect(await lookup.findActiveByHash(hashToken(created.token))).toBeNull();
    const again = await app.inject({ method: 'DELETE', url: `/api/embed-tokens/${created.id}`, headers: acme.session.headers });
    expect(again.statusCode).toBe(204);
    const listed = (await app.inject({ method: 'GET', url: '/api/embed-tokens', headers: acme.session.headers })).json();
    expect(listed.embed_tokens.find((t: { id: string }) => t.id === created.id).revoked_at).toEqual(expect.any(String));

    const bad = await app.inject({ method: 'DELETE', url: '/api/embed-tokens/not-a-uuid', headers: acme.session.headers });
    expect({ status: bad.statusCode, code: bad.json().code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await lookup.findActiveByHash(hashToken('ew_never_issued'))).toBeNull();
  });
});
