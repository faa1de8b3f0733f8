import type { FastifyInstance, InjectOptions } from 'fastify';
import type { SenderType, UserRole } from '@parley/contracts';
import { asOrgId, createRepositories, type Db, type OrgId, type Repositories } from '@parley/db';

type Row<F extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<F>>>;

export interface MobileOrg {
  orgId: OrgId;
  repos: Repositories;
  admin: Row<Repositories['users']['create']>;
  agent: Row<Repositories['users']['create']>;
  bot: Row<Repositories['bots']['create']>;
  web: Row<Repositories['channels']['create']>;
  mobile: Row<Repositories['channels']['create']>;
  endUser: Row<Repositories['endUsers']['upsert']>;
  conversation: Row<Repositories['conversations']['getOrCreate']>;
}

let counter = 0;

/**
 * An organization with an admin and an agent, a bot with a web and a mobile channel, and one
 * end user whose conversation is on the mobile channel.
 */
export async function seedMobileOrg(db: Db, label: string): Promise<MobileOrg> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Org ${label}`, slug: `org-${label}-${++counter}-${Date.now()}` });
  const orgId: OrgId = asOrgId(org.id);
  const user = (role: UserRole, name: string) =>
    repos.users.create(orgId, { email: `${name}@${org.slug}.test`, displayName: `Ana ${label}`, role, passwordHash: 'not-used-here' });
  const [admin, agent] = await Promise.all([user('admin', 'admin'), user('agent', 'agent')]);
  const bot = await repos.bots.create(orgId, { name: `Helper ${label}` });
  const web = (await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: 'Website' }))!;
  const mobile = (await repos.channels.create(orgId, { botId: bot.id, type: 'mobile_sdk', name: 'App' }))!;
  const endUser = await repos.endUsers.upsert(orgId, `visitor-${label}-${counter}`);
  const conversation = (await repos.conversations.getOrCreate(orgId, { channelId: mobile.id, endUserId: endUser.id, botId: bot.id }))!;
  return { orgId, repos, admin, agent, bot, web, mobile, endUser, conversation };
}

/** Another end user of the same organization with a conversation on the mobile channel. */
export async function anotherEndUser(org: MobileOrg, label: string) {
  const endUser = await org.repos.endUsers.upsert(org.orgId, `visitor-${label}-${++counter}`);
  const conversation = (await org.repos.conversations.getOrCreate(org.orgId, { channelId: org.mobile.id, endUserId: endUser.id, botId: org.bot.id }))!;
  return { endUser, conversation };
}

/** Stores a message in the org's conversation as the bot, an agent or the visitor would. */
export async function say(org: MobileOrg, senderType: SenderType, content: string, conversationId = org.conversation.id): Promise<Extract<Awaited<ReturnType<Repositories['messages']['append']>>, { kind: 'created' }>['message']> {
  const senderId = senderType === 'agent' ? org.agent.id : senderType === 'bot' ? org.bot.id : org.endUser.externalId;
  const result = await org.repos.messages.append(org.orgId, { conversationId, senderType, senderId, content });
  if (result.kind === 'not_found') throw new Error('conversation not found');
  return result.message;
}

/** A logged-in session, as `POST /auth/login` (auth-token) creates it in the shared Redis. */
export async function sessionFor(app: FastifyInstance, user: { id: string; organizationId: string; role: UserRole }) {
  const { sessionId, session } = await app.sessions.create({ id: user.id, orgId: user.organizationId, role: user.role });
  return { cookie: `session=${sessionId}`, 'x-csrftoken': session.csrfToken };
}

/** The widget token the gateway's `/init` hands the end user's app. */
export async function widgetTokenFor(app: FastifyInstance, org: MobileOrg, opts: { channelId?: string; endUser?: { id: string; externalId: string }; conversationId?: string } = {}) {
  const endUser = opts.endUser ?? org.endUser;
  const { token } = await app.widgetTokens.sign({
    orgId: org.orgId,
    botId: org.bot.id,
    conversationId: opts.conversationId ?? org.conversation.id,
    visitorId: endUser.externalId,
    channelId: opts.channelId ?? org.web.id,
    endUserId: endUser.id,
  });
  return { authorization: `Bearer ${token}` };
}

/** `inject` that also parses the body, for terse assertions. */
export async function call(app: FastifyInstance, opts: InjectOptions) {
  const res = await app.inject(opts);
  const json = res.headers['content-type']?.toString().includes('json') && res.body ? res.json() : undefined;
  return { status: res.statusCode, body: json, code: json?.code as string | undefined, raw: res.body };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
