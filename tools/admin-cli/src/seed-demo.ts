import { DEV_ENCRYPTION_KEYS } from '@parley/config';
import { asOrgId, createRepositories, type Db, type OrgId } from '@parley/db';
import type { UserRole } from '@parley/contracts';
import { createCipherKeyring } from '@parley/security';
import { createBot } from './commands/create-bot';
import { createUser } from './commands/create-user';
import { CommandFailedError } from './errors';
import { hashPassword, verifyPassword } from './password';
import { ensureDemoCredentials, type DemoIntegrationCredentials, type PreviousDemoCredentials } from './seed-demo-credentials';
import { parseOrigin } from './validation';
import { ensureDemoKnowledge } from './seed-demo-knowledge';

export interface DemoCredentials {
  email: string;
  password: string;
}

/** What `npm start` prints and writes to `.parley/demo.json`. Field names are that file's. */
export interface DemoSeed extends DemoIntegrationCredentials {
  org_id: string;
  admin: DemoCredentials;
  agent: DemoCredentials;
  bot_id: string;
  channel_id: string;
  allowed_origin: string;
}

export interface SeedDemoOptions {
  /** Where the demo host page is served; `npm start` uses http://localhost:8090. */
  allowedOrigin?: string;
  /**
   * The previous run's demo.json (see `readPreviousDemoCredentials`): its embed token, API key
   * and app secret are kept while they still work. Without it, new ones replace the old ones.
   */
  previous?: PreviousDemoCredentials;
  /** The services' ENCRYPTION_KEYS, to seal the demo app's client secret (default: the development key). */
  encryptionKeys?: string;
}

export const DEMO_ORG = { name: 'Parley Demo', slug: 'demo' } as const;
export const DEMO_BOT = {
  name: 'Parley Assistant',
  greeting: 'Hi! I am the Parley demo assistant. Ask me anything, or ask for a human.',
} as const;
// DEMO ONLY: fixed, public passwords so a fresh clone can log in. Never seed them anywhere real.
export const DEMO_ADMIN: DemoCredentials = { email: 'admin@demo.parley.local', password: 'parley-demo-admin' };
export const DEMO_AGENT: DemoCredentials = { email: 'agent@demo.parley.local', password: 'parley-demo-agent' };
export const DEMO_ALLOWED_ORIGIN = 'http://localhost:8090';
export const DEMO_BOT_THEME = { color: '#2f6f4e' };

/**
 * Makes sure the user exists in the demo org with the documented password (reset if someone
 * changed it, so the credentials `npm start` prints always work).
 */
async function ensureUser(db: Db, orgId: OrgId, creds: DemoCredentials, role: UserRole, name: string): Promise<void> {
  const existing = await createRepositories(db).users.findForLogin(creds.email);
  if (!existing) {
    await createUser(db, { org: orgId, email: creds.email, password: creds.password, role, name });
    return;
  }
  if (existing.organizationId !== orgId) {
    throw new CommandFailedError(`${creds.email} already belongs to another organization; cannot seed the demo`);
  }
  if (existing.role !== role || !(await verifyPassword(existing.passwordHash, creds.password))) {
    const passwordHash = await hashPassword(creds.password);
    await db.user.update({ where: { id: existing.id }, data: { role, passwordHash, passwordChangedAt: new Date() } });
  }
}

async function ensureBot(db: Db, orgId: OrgId, origin: string): Promise<{ botId: string; channelId: string }> {
  const repos = createRepositories(db);
  const bot = await repos.bots.findByName(orgId, DEMO_BOT.name);
  if (!bot) {
    const created = await createBot(db, { org: orgId, ...DEMO_BOT, allowedOrigins: [origin] });
    // The widget in the demo store's green; an admin can change it in the console.
    await db.bot.update({ where: { id: created.id }, data: { theme: DEMO_BOT_THEME } });
    return { botId: created.id, channelId: created.channel_id };
  }
  if (!bot.allowedOrigins.includes(origin)) {
    await db.bot.update({ where: { id: bot.id }, data: { allowedOrigins: [...bot.allowedOrigins, origin] } });
  }
  const channel =
    (await repos.channels.findForBot(orgId, bot.id, 'webchat')) ??
    (await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: `${bot.name} website chat` }));
  if (!channel) throw new Error('the demo bot vanished while seeding');
  return { botId: bot.id, channelId: channel.id };
}

/**
 * The demo organization `npm start` needs, created or found by its natural keys (slug, e-mail,
 * bot name), so running it again returns the same ids and adds no rows; given the previous
 * run's credentials it also returns the same embed token, API key and app.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<DemoSeed> {
  const allowedOrigin = parseOrigin(options.allowedOrigin ?? DEMO_ALLOWED_ORIGIN);
  const org = await createRepositories(db).organizations.upsertBySlug(DEMO_ORG);
  const orgId = asOrgId(org.id);
  await ensureUser(db, orgId, DEMO_ADMIN, 'admin', 'Demo Admin');
  await ensureUser(db, orgId, DEMO_AGENT, 'agent', 'Demo Agent');
  const { botId, channelId } = await ensureBot(db, orgId, allowedOrigin);
  await ensureDemoKnowledge(db, orgId, botId);
  const cipher = createCipherKeyring(options.encryptionKeys ?? DEV_ENCRYPTION_KEYS);
  const credentials = await ensureDemoCredentials(db, cipher, { orgId, botId, allowedOrigin }, options.previous);
  return {
    org_id: orgId,
    admin: { ...DEMO_ADMIN },
    agent: { ...DEMO_AGENT },
    bot_id: botId,
    channel_id: channelId,
    allowed_origin: allowedOrigin,
    ...credentials,
  };
}
