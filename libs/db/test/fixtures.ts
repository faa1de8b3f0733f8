import { asOrgId, createRepositories, type Db, type OrgId } from '../src';

/** An organization with a bot, its web channel, an end user and their conversation. */
export async function seedConversation(db: Db, label: string) {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Org ${label}`, slug: `org-${label}-${Math.random().toString(36).slice(2, 8)}` });
  const orgId: OrgId = asOrgId(org.id);
  const bot = await repos.bots.create(orgId, { name: `Bot ${label}` });
  const channel = await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: 'Website' });
  if (!channel) throw new Error('channel not created');
  const endUser = await repos.endUsers.upsert(orgId, `visitor-${label}`);
  const conversation = await repos.conversations.getOrCreate(orgId, { channelId: channel.id, endUserId: endUser.id, botId: bot.id });
  if (!conversation) throw new Error('conversation not created');
  return { repos, orgId, bot, channel, endUser, conversation };
}
