import { useTestInfra } from '@parley/testing';
import { DEMO_ADMIN, DEMO_AGENT, seedDemo, verifyPassword } from '../src';

const infra = useTestInfra();

describe('seedDemo', () => {
  it('creates the demo organization, users, bot and channel', async () => {
    const seed = await seedDemo(infra.db);
    expect(seed).toEqual({
      org_id: expect.any(String),
      admin: DEMO_ADMIN,
      agent: DEMO_AGENT,
      bot_id: expect.any(String),
      channel_id: expect.any(String),
      allowed_origin: 'http://localhost:8090',
      embed_token: null,
      api_key: null,
      app: null,
    });
    const org = await infra.db.organization.findUniqueOrThrow({ where: { slug: 'demo' } });
    expect(org).toMatchObject({ id: seed.org_id, name: 'Parley Demo' });
    const admin = await infra.db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN.email } });
    expect(admin.role).toBe('admin');
    expect(await verifyPassword(admin.passwordHash, DEMO_ADMIN.password)).toBe(true);
    const bot = await infra.db.bot.findUniqueOrThrow({ where: { id: seed.bot_id } });
    expect(bot).toMatchObject({ name: 'Parley Assistant', allowedOrigins: ['http://localhost:8090'] });
    expect(bot.greeting).not.toBe('');
  });

  it('is idempotent: a second run returns the same ids and adds no rows', async () => {
    const first = await seedDemo(infra.db);
    const second = await seedDemo(infra.db);
    expect(second).toEqual(first);
    const where = { organizationId: first.org_id };
    expect(await infra.db.organization.count({ where: { slug: 'demo' } })).toBe(1);
    expect(await infra.db.user.count({ where })).toBe(2);
    expect(await infra.db.bot.count({ where })).toBe(1);
    expect(await infra.db.channel.count({ where })).toBe(1);
  });

  it('restores a changed demo password and adds another allowed origin', async () => {
    const first = await seedDemo(infra.db);
    await infra.db.user.update({ where: { email: DEMO_AGENT.email }, data: { passwordHash: 'not-a-hash-of-anything' } });
    const again = await seedDemo(infra.db, { allowedOrigin: 'http://localhost:18090' });
    expect(again).toEqual({ ...first, allowed_origin: 'http://localhost:18090' });
    const agent = await infra.db.user.findUniqueOrThrow({ where: { email: DEMO_AGENT.email } });
    expect(await verifyPassword(agent.passwordHash, DEMO_AGENT.password)).toBe(true);
    const bot = await infra.db.bot.findUniqueOrThrow({ where: { id: first.bot_id } });
    expect(bot.allowedOrigins).toEqual(['http://localhost:8090', 'http://localhost:18090']);
  });
});
