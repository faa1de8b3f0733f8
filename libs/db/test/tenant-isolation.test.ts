import { useTestInfra } from '@parley/testing';
import { seedConversation } from './fixtures';

const infra = useTestInfra();

describe('tenant-scoped repositories', () => {
  it('never return another organization’s rows', async () => {
    const a = await seedConversation(infra.db, 'iso-a');
    const b = await seedConversation(infra.db, 'iso-b');
    const repos = a.repos;
    await repos.messages.append(a.orgId, { conversationId: a.conversation.id, senderType: 'end_user', senderId: 'v', content: 'secret' });

    // Organization B asks for organization A's things by their real ids.
    expect(await repos.conversations.findById(b.orgId, a.conversation.id)).toBeNull();
    expect(await repos.bots.findById(b.orgId, a.bot.id)).toBeNull();
    expect(await repos.channels.findById(b.orgId, a.channel.id)).toBeNull();
    expect(await repos.endUsers.findByExternalId(b.orgId, 'visitor-iso-a')).toBeNull();
    expect(await repos.messages.page(b.orgId, a.conversation.id, { limit: 50, offset: 0 })).toEqual([]);
    expect(await repos.messages.after(b.orgId, a.conversation.id, 0)).toEqual([]);
    expect((await repos.conversations.list(b.orgId, { filter: 'all', limit: 50 })).map((c) => c.id)).toEqual([b.conversation.id]);
    // Nor can B write into A's conversation.
    const write = await repos.messages.append(b.orgId, { conversationId: a.conversation.id, senderType: 'agent', senderId: 'x', content: 'x' });
    expect(write.kind).toBe('not_found');
    // Nor hang a channel on A's bot.
    expect(await repos.channels.create(b.orgId, { botId: a.bot.id, type: 'api', name: 'sneaky' })).toBeNull();
  });

  it('the owner still sees its own rows', async () => {
    const a = await seedConversation(infra.db, 'own');
    expect((await a.repos.conversations.findById(a.orgId, a.conversation.id))?.id).toBe(a.conversation.id);
  });
});
