import type { FastifyInstance } from 'fastify';
import type { UserRole } from '@parley/contracts';
import { asOrgId, createRepositories, type Db, type OrgId, type Repositories } from '@parley/db';
import { hashPassword } from '@parley/security';

export const PASSWORD = 'correct horse battery staple';

type SeededUser = Awaited<ReturnType<Repositories['users']['create']>>;
export interface SeededOrg {
  orgId: OrgId;
  org: Awaited<ReturnType<Repositories['organizations']['create']>>;
  owner: SeededUser;
  admin: SeededUser;
  agent: SeededUser;
}

/** An organization with one user of each role, all with PASSWORD. */
export async function seedOrg(db: Db, label: string): Promise<SeededOrg> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Org ${label}`, slug: `org-${label}` });
  const passwordHash = await hashPassword(PASSWORD);
  const make = (role: UserRole) =>
    repos.users.create(org.id, { email: `${role}@${label}.test`, displayName: `${role} ${label}`, role, passwordHash });
  const [owner, admin, agent] = await Promise.all([make('owner'), make('admin'), make('agent')]);
  return { orgId: asOrgId(org.id), org, owner, admin, agent };
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  headers: { cookie: string; 'x-csrftoken': string };
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<LoggedIn> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (res.json() as { csrf_token: string }).csrf_token;
  return { cookie: `session=${cookie.value}`, csrf, headers: { cookie: `session=${cookie.value}`, 'x-csrftoken': csrf } };
}

/** A bot without any channel, so tests can see channels created on demand. */
export async function seedBot(db: Db, orgId: OrgId, name = 'Helper'): Promise<{ id: string; name: string }> {
  const bot = await createRepositories(db).bots.create(orgId, { name });
  return { id: bot.id, name: bot.name };
}

/** An admin of a fresh organization, logged in, plus that organization. */
export async function adminSession(app: FastifyInstance, db: Db, label: string) {
  const seeded = await seedOrg(db, label);
  return { ...seeded, session: await login(app, `admin@${label}.test`) };
}
