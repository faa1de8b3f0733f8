import type { FastifyInstance, InjectOptions } from 'fastify';
import type { ApiKeyScope, UserRole } from '@parley/contracts';
import { asOrgId, createRepositories, type Db, type OrgId, type Repositories } from '@parley/db';
import { generateToken, hashToken, TOKEN_PREFIX, tokenPreview } from '@parley/security';

let counter = 0;

type UserRow = Awaited<ReturnType<Repositories['users']['create']>>;
type MessageRow = Extract<Awaited<ReturnType<Repositories['messages']['append']>>, { kind: 'created' }>['message'];
export interface SeededOrg {
  orgId: OrgId;
  slug: string;
  owner: UserRow;
  admin: UserRow;
  agent: UserRow;
  agent2: UserRow;
  bot: { id: string; name: string };
  channel: { id: string };
  repos: Repositories;
}

/** An organization with an owner, an admin, two agents, a bot and its web channel. */
export async function seedOrg(db: Db, label: string): Promise<SeededOrg> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Org ${label}`, slug: `org-${label}-${++counter}-${Date.now()}` });
  const orgId: OrgId = asOrgId(org.id);
  // Logins are auth-token's business; these users get sessions directly (see `sessionFor`).
  const user = (role: UserRole, name: string) =>
    repos.users.create(orgId, { email: `${name}@${org.slug}.test`, displayName: `${name} ${label}`, role, passwordHash: 'not-used-here' });
  const [owner, admin, agent, agent2] = await Promise.all([user('owner', 'owner'), user('admin', 'admin'), user('agent', 'agent'), user('agent', 'agent2')]);
  const bot = await repos.bots.create(orgId, { name: `Bot ${label}` });
  const channel = (await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: 'Website' }))!;
  return { orgId, slug: org.slug, owner, admin, agent, agent2, bot, channel, repos };
}

/** A visitor's conversation with `messages` end-user messages (its first session is open). */
export async function seedConversation(org: SeededOrg, opts: { visitor?: string; name?: string; messages?: number } = {}) {
  const visitor = opts.visitor ?? `visitor-${++counter}`;
  const endUser = await org.repos.endUsers.upsert(org.orgId, visitor, opts.name ? { displayName: opts.name } : {});
  const conversation = (await org.repos.conversations.getOrCreate(org.orgId, { channelId: org.channel.id, endUserId: endUser.id, botId: org.bot.id }))!;
  for (let i = 1; i <= (opts.messages ?? 1); i++) await visitorSays(org, conversation.id, visitor, `message ${i}`);
  return { id: conversation.id, visitor, endUserId: endUser.id };
}

/** What the widget gateway does with a visitor message (its own tests cover that path). */
export async function visitorSays(org: SeededOrg, conversationId: string, visitor: string, content: string): Promise<MessageRow> {
  const result = await org.repos.messages.append(org.orgId, { conversationId, senderType: 'end_user', senderId: visitor, content });
  if (result.kind !== 'created') throw new Error(`not stored: ${result.kind}`);
  return result.message;
}

export interface Session {
  userId: string;
  headers: { cookie: string; 'x-csrftoken': string };
  /** The cookie alone: reads need no CSRF token. */
  cookieOnly: { cookie: string };
}

/** A logged-in session, as `POST /auth/login` (auth-token) would create it in the shared Redis. */
export async function sessionFor(app: FastifyInstance, user: { id: string; organizationId: string; role: UserRole }): Promise<Session> {
  const { sessionId, session } = await app.sessions.create({ id: user.id, orgId: user.organizationId, role: user.role });
  const cookie = `session=${sessionId}`;
  return { userId: user.id, headers: { cookie, 'x-csrftoken': session.csrfToken }, cookieOnly: { cookie } };
}

/** An API key with these scopes, stored as auth-token stores them (hash, prefix, last four). */
export async function apiKeyFor(db: Db, orgId: OrgId, scopes: ApiKeyScope[]): Promise<{ authorization: string }> {
  const key = generateToken(TOKEN_PREFIX.apiKey);
  const preview = tokenPreview(key);
  await createRepositories(db).apiKeys.create(orgId, { name: 'test', prefix: preview.prefix, lastFour: preview.lastFour, keyHash: hashToken(key), scopes });
  return { authorization: `Bearer ${key}` };
}

/** `inject` that also parses the body, for terse assertions. */
export async function call(app: FastifyInstance, opts: InjectOptions) {
  const res = await app.inject(opts);
  const json = res.headers['content-type']?.toString().includes('json') && res.body ? res.json() : undefined;
  return { status: res.statusCode, body: json, code: json?.code as string | undefined, headers: res.headers, raw: res.body };
}

/** One valid example of each rich media type, as the reference shows them. */
export const RICH_MEDIA = {
  image: { content: 'Optional caption', rich_media: { url: 'https://example.com/photo.jpg', alt: 'A scenic view' } },
  file: { content: 'invoice.pdf', rich_media: { url: 'https://example.com/files/invoice.pdf', filename: 'invoice.pdf', size: 204800, mime_type: 'application/pdf' } },
  quick_button: { content: 'Choose an option:', rich_media: { buttons: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] } },
  carousel: {
    content: '',
    rich_media: { cards: [{ image_url: 'https://example.com/a.jpg', title: 'Product A', subtitle: 'Short description', buttons: [{ label: 'Buy now', value: 'buy_A' }] }] },
  },
  dropdown: {
    content: 'Select your region:',
    rich_media: { placeholder: '-- pick one --', options: [{ label: 'Asia Pacific', value: 'apac' }, { label: 'Europe', value: 'eu' }] },
  },
} as const;
