import { useTestInfra } from '@parley/testing';
import {
  CommandFailedError,
  UsageError,
  createBot,
  createOrg,
  createUser,
  listBots,
  listOrgs,
  listUsers,
  verifyPassword,
} from '../src';

const infra = useTestInfra();
const PASSWORD = 'correct horse battery';

describe('organizations', () => {
  it('creates an organization with a slug derived from its name, and lists it', async () => {
    const org = await createOrg(infra.db, { name: '  Acme Outdoor, Inc. ' });
    expect(org).toEqual({ id: expect.any(String), name: 'Acme Outdoor, Inc.', slug: 'acme-outdoor-inc' });
    expect(await listOrgs(infra.db)).toContainEqual(org);
  });

  it('refuses a duplicate slug and a malformed one', async () => {
    await createOrg(infra.db, { name: 'Dup', slug: 'dup' });
    await expect(createOrg(infra.db, { name: 'Dup again', slug: 'dup' })).rejects.toThrow(
      new CommandFailedError('an organization with slug "dup" already exists'),
    );
    await expect(createOrg(infra.db, { name: 'Bad', slug: '-bad-' })).rejects.toBeInstanceOf(UsageError);
    await expect(createOrg(infra.db, { name: '   ' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('users', () => {
  it('creates a user whose password is stored as an argon2id hash that verifies', async () => {
    const org = await createOrg(infra.db, { name: 'Users Inc' });
    const user = await createUser(infra.db, { org: org.slug, email: ' Ann@Example.COM ', password: PASSWORD, role: 'admin' });
    expect(user).toMatchObject({ org_id: org.id, email: 'ann@example.com', role: 'admin', display_name: 'ann' });

    const row = await infra.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, 'wrong password')).toBe(false);

    const listed = await listUsers(infra.db, { org: org.id });
    expect(listed).toEqual([user]);
  });

  it('refuses a second user with the same e-mail, whatever its case', async () => {
    const org = await createOrg(infra.db, { name: 'Twice' });
    await createUser(infra.db, { org: org.id, email: 'bo@example.com', password: PASSWORD, role: 'agent', name: 'Bo' });
    await expect(
      createUser(infra.db, { org: org.id, email: 'BO@example.com', password: PASSWORD, role: 'agent' }),
    ).rejects.toThrow(new CommandFailedError('a user with that e-mail already exists'));
  });

  it('refuses a bad role, a short password, a bad e-mail and an unknown organization', async () => {
    const org = await createOrg(infra.db, { name: 'Strict' });
    const base = { org: org.id, email: 'cy@example.com', password: PASSWORD, role: 'agent' };
    await expect(createUser(infra.db, { ...base, role: 'superuser' })).rejects.toThrow(
      new UsageError('invalid role "superuser": use one of owner, admin, agent'),
    );
    await expect(createUser(infra.db, { ...base, password: 'short' })).rejects.toThrow(
      new UsageError('the password is too short: use at least 10 characters'),
    );
    await expect(createUser(infra.db, { ...base, email: 'cy@example' })).rejects.toBeInstanceOf(UsageError);
    await expect(createUser(infra.db, { ...base, org: 'no-such-org' })).rejects.toThrow(
      new CommandFailedError('organization "no-such-org" not found'),
    );
    expect(await listUsers(infra.db, { org: org.slug })).toEqual([]);
  });
});

describe('bots', () => {
  it('creates a bot with its webchat channel and lists it', async () => {
    const org = await createOrg(infra.db, { name: 'Bots R Us' });
    const bot = await createBot(infra.db, {
      org: org.slug,
      name: 'Helper',
      greeting: 'Hello!',
      allowedOrigins: ['https://shop.example.com', 'http://localhost:8090', 'https://shop.example.com'],
    });
    expect(bot).toMatchObject({ name: 'Helper', greeting: 'Hello!', allowed_origins: ['https://shop.example.com', 'http://localhost:8090'] });

    const channel = await infra.db.channel.findUniqueOrThrow({ where: { id: bot.channel_id } });
    expect(channel).toMatchObject({ botId: bot.id, organizationId: org.id, type: 'webchat' });
    expect(await listBots(infra.db, { org: org.id })).toEqual([bot]);
  });

  it.each([
    ['https://shop.example.com/', 'did you mean https://shop.example.com?'],
    ['https://shop.example.com/path', 'no path'],
    ['https://Shop.example.com', 'did you mean https://shop.example.com?'],
    ['https://shop.example.com:443', 'did you mean https://shop.example.com?'],
    ['ftp://shop.example.com', 'expected scheme://host[:port]'],
    ['shop.example.com', 'expected scheme://host[:port]'],
    ['https://user:pw@shop.example.com', 'expected scheme://host[:port]'],
  ])('refuses the origin %s', async (origin, hint) => {
    const org = await createOrg(infra.db, { name: `Origins ${Math.random()}` });
    const attempt = createBot(infra.db, { org: org.id, name: 'Nope', allowedOrigins: [origin] });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(hint);
    expect(await listBots(infra.db, { org: org.id })).toEqual([]);
  });
});
