import { useTestInfra } from '@parley/testing';
import { API_KEY_SCOPE_NAMES } from '@parley/contracts';
import { authenticateClient } from '@parley/credentials';
import { apiKeyRepository, embedTokenRepository } from '@parley/db';
import { DEV_ENCRYPTION_KEYS } from '@parley/config';
import { createCipherKeyring, hashToken } from '@parley/security';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ADMIN, DEMO_AGENT, readPreviousDemoCredentials, seedDemo, verifyPassword, type DemoSeed } from '../src';
import { DEMO_ARTICLES } from '../src/seed-demo-knowledge';

const infra = useTestInfra();
const cipher = createCipherKeyring(DEV_ENCRYPTION_KEYS);
const credentialsOf = (seed: DemoSeed) => ({ embed_token: seed.embed_token, api_key: seed.api_key, app: seed.app });

/** Every credential in the seed works against the database, for the demo organization. */
async function expectLive(seed: DemoSeed) {
  const token = await embedTokenRepository(infra.db).findActiveByHash(hashToken(seed.embed_token));
  expect(token).toMatchObject({ orgId: seed.org_id, botId: seed.bot_id, channelId: seed.channel_id });
  expect(token!.allowedOrigins).toContain(seed.allowed_origin);
  const key = await apiKeyRepository(infra.db).findActiveByHash(hashToken(seed.api_key));
  expect(key).toMatchObject({ orgId: seed.org_id, scopes: API_KEY_SCOPE_NAMES });
  expect(await authenticateClient(infra.db, cipher, seed.app.client_id, seed.app.client_secret)).toMatchObject({ orgId: seed.org_id });
}

async function liveCounts(orgId: string) {
  const live = { organizationId: orgId, revokedAt: null };
  return {
    embedTokens: await infra.db.embedToken.count({ where: live }),
    apiKeys: await infra.db.apiKey.count({ where: live }),
    apps: await infra.db.registeredApp.count({ where: live }),
  };
}

describe('seedDemo', () => {
  it('creates the demo organization, users, bot, channel and working credentials', async () => {
    const seed = await seedDemo(infra.db);
    expect(seed).toEqual({
      org_id: expect.any(String),
      admin: DEMO_ADMIN,
      agent: DEMO_AGENT,
      bot_id: expect.any(String),
      channel_id: expect.any(String),
      allowed_origin: 'http://localhost:8090',
      embed_token: expect.stringMatching(/^ew_/),
      api_key: expect.stringMatching(/^pk_live_/),
      app: { client_id: expect.stringMatching(/^ci_/), client_secret: expect.stringMatching(/^cs_/) },
    });
    const org = await infra.db.organization.findUniqueOrThrow({ where: { slug: 'demo' } });
    expect(org).toMatchObject({ id: seed.org_id, name: 'Parley Demo' });
    const admin = await infra.db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN.email } });
    expect(admin.role).toBe('admin');
    expect(await verifyPassword(admin.passwordHash, DEMO_ADMIN.password)).toBe(true);
    const bot = await infra.db.bot.findUniqueOrThrow({ where: { id: seed.bot_id } });
    expect(bot).toMatchObject({ name: 'Parley Assistant', allowedOrigins: ['http://localhost:8090'], theme: { color: '#2f6f4e' } });
    expect(bot.greeting).not.toBe('');
    await expectLive(seed);
    // Stored as hashes only.
    expect(await infra.db.embedToken.count({ where: { tokenHash: seed.embed_token } })).toBe(0);
  });

  it('is idempotent given the previous credentials: same ids, same credentials, no new rows', async () => {
    const first = await seedDemo(infra.db);
    const before = await liveCounts(first.org_id);
    const second = await seedDemo(infra.db, { previous: credentialsOf(first) });
    expect(second).toEqual(first);
    const where = { organizationId: first.org_id };
    expect(await infra.db.organization.count({ where: { slug: 'demo' } })).toBe(1);
    expect(await infra.db.user.count({ where })).toBe(2);
    expect(await infra.db.bot.count({ where })).toBe(1);
    expect(await infra.db.channel.count({ where })).toBe(1);
    // The demo bot knows its store's articles, once each.
    expect(await infra.db.knowledgeArticle.count({ where })).toBe(DEMO_ARTICLES.length);
    expect(await liveCounts(first.org_id)).toEqual(before);
    expect(before).toEqual({ embedTokens: 1, apiKeys: 1, apps: 1 });
  });

  it('without usable previous credentials issues new ones and revokes the old demo ones', async () => {
    const first = await seedDemo(infra.db);
    // The previous demo.json lost, or its credentials revoked by hand in the meantime.
    await infra.db.apiKey.updateMany({ where: { organizationId: first.org_id }, data: { revokedAt: new Date() } });
    for (const previous of [undefined, { ...credentialsOf(first), api_key: 'pk_live_not_a_real_key', app: { client_id: first.app.client_id, client_secret: 'cs_wrong' } }]) {
      const next = await seedDemo(infra.db, { previous });
      expect(next.api_key).not.toBe(first.api_key);
      expect(next.app.client_id).not.toBe(first.app.client_id);
      await expectLive(next);
      expect(await liveCounts(first.org_id)).toEqual({ embedTokens: 1, apiKeys: 1, apps: 1 });
    }
    expect(await embedTokenRepository(infra.db).findActiveByHash(hashToken(first.embed_token))).toBeNull();
    expect(await authenticateClient(infra.db, cipher, first.app.client_id, first.app.client_secret)).toBeNull();
  });

  it('restores a changed demo password, and a new allowed origin gets a token for it', async () => {
    const first = await seedDemo(infra.db);
    await infra.db.user.update({ where: { email: DEMO_AGENT.email }, data: { passwordHash: 'not-a-hash-of-anything' } });
    const again = await seedDemo(infra.db, { allowedOrigin: 'http://localhost:18090', previous: credentialsOf(first) });
    expect(again).toEqual({ ...first, allowed_origin: 'http://localhost:18090', embed_token: expect.stringMatching(/^ew_/) });
    expect(again.embed_token).not.toBe(first.embed_token);
    await expectLive(again);
    const agent = await infra.db.user.findUniqueOrThrow({ where: { email: DEMO_AGENT.email } });
    expect(await verifyPassword(agent.passwordHash, DEMO_AGENT.password)).toBe(true);
    const bot = await infra.db.bot.findUniqueOrThrow({ where: { id: first.bot_id } });
    expect(bot.allowedOrigins).toEqual(['http://localhost:8090', 'http://localhost:18090']);
  });

  it('reads the previous credentials from a demo.json, and ignores a missing or broken one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-demo-'));
    const seed = await seedDemo(infra.db);
    await writeFile(path.join(dir, 'demo.json'), JSON.stringify({ ...seed, edge_url: 'http://localhost:8080' }));
    expect(await readPreviousDemoCredentials(path.join(dir, 'demo.json'))).toEqual(credentialsOf(seed));
    expect(await readPreviousDemoCredentials(path.join(dir, 'missing.json'))).toBeUndefined();
    await writeFile(path.join(dir, 'broken.json'), '{"embed_token": ');
    expect(await readPreviousDemoCredentials(path.join(dir, 'broken.json'))).toBeUndefined();
  });
});
