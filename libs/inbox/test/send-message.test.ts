import { Topics } from '@parley/contracts';
import { useTestInfra } from '@parley/testing';
import { sendAgentMessage, sendBotMessage } from '../src';
import { codeOf, inboxHarness, meta, seedConversation, seedOrg } from './fixtures';

const infra = useTestInfra();

describe('sendAgentMessage / sendBotMessage', () => {
  let h: ReturnType<typeof inboxHarness>;
  beforeAll(async () => {
    h = inboxHarness(infra);
    await h.listen(Topics.messageCreated, Topics.conversationUpdated);
  });
  afterAll(() => h.close());

  it('stores an agent message in the open session, bumps updated_at, and tells the room and the queue', async () => {
    const org = await seedOrg(infra.db, 'agent');
    const { conversationId } = await seedConversation(infra.db, org);
    const agent = org.agents[0]!;
    const before = await infra.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const sent = await sendAgentMessage(h.deps, org.orgId, { conversationId, agentId: agent.id, content: 'Hi! How can I help?' }, meta);
    expect(sent.duplicate).toBe(false);
    expect(sent.message).toMatchObject({ seq: 2, sender_type: 'agent', sender_id: agent.id, content_type: 'text', content: 'Hi! How can I help?', rich_media: null, read_by: {} });
    const open = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId, status: 'open' } });
    expect(sent.message.session_id).toBe(open.id);
    const after = await infra.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime() - 1);
    expect(after.updatedAt.toISOString()).toBe(sent.message.created_at);

    const created = await h.waitFor(Topics.messageCreated, (p) => p.message.id === sent.message.id);
    expect(created).toEqual({ orgId: org.orgId, conversationId, sessionId: open.id, message: expect.objectContaining({ id: sent.message.id, seq: 2 }) });
    expect(await h.waitFor(Topics.conversationUpdated, (p) => p.conversationId === conversationId && p.senderType === 'agent')).toEqual({
      orgId: org.orgId,
      conversationId,
      senderType: 'agent',
      contentType: 'text',
      content: 'Hi! How can I help?',
    });
  });

  it('returns the stored message for a retried client_message_id and announces it once', async () => {
    const org = await seedOrg(infra.db, 'retry');
    const { conversationId } = await seedConversation(infra.db, org);
    const input = { conversationId, agentId: org.agents[0]!.id, content: 'once', clientMessageId: 'c-1' };
    const [a, b] = await Promise.all([sendAgentMessage(h.deps, org.orgId, input, meta), sendAgentMessage(h.deps, org.orgId, input, meta)]);
    expect(a.message.id).toBe(b.message.id);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    // Another agent reusing the key gets a conflict, not someone else's message.
    expect(await codeOf(sendAgentMessage(h.deps, org.orgId, { ...input, agentId: org.agents[1]!.id }, meta))).toBe('409 CONFLICT');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.seen.filter((e) => e.topic === Topics.messageCreated.name && e.payload.message.id === a.message.id)).toHaveLength(1);
  });

  it('speaks as the conversation bot, with rich media', async () => {
    const org = await seedOrg(infra.db, 'bot');
    const { conversationId } = await seedConversation(infra.db, org);
    const richMedia = { buttons: [{ label: 'Yes', value: 'yes' }] };
    const sent = await sendBotMessage(h.deps, org.orgId, { conversationId, content: 'Choose:', contentType: 'quick_button', richMedia }, meta);
    expect(sent.message).toMatchObject({ sender_type: 'bot', sender_id: org.bot.id, content_type: 'quick_button', rich_media: richMedia });
    await h.waitFor(Topics.conversationUpdated, (p) => p.conversationId === conversationId && p.senderType === 'bot' && p.contentType === 'quick_button');
  });

  it('refuses bad content, strangers, other organizations and conversations without a bot', async () => {
    const org = await seedOrg(infra.db, 'refuse');
    const other = await seedOrg(infra.db, 'refuse-other');
    const { conversationId } = await seedConversation(infra.db, org);
    const agentId = org.agents[0]!.id;
    expect(await codeOf(sendAgentMessage(h.deps, org.orgId, { conversationId, agentId, content: '' }, meta))).toBe('400 VALIDATION_FAILED');
    expect(await codeOf(sendAgentMessage(h.deps, org.orgId, { conversationId, agentId, content: '', contentType: 'image', richMedia: { url: 'file:///etc/passwd' } }, meta))).toBe(
      '400 INVALID_RICH_MEDIA',
    );
    expect(await codeOf(sendAgentMessage(h.deps, org.orgId, { conversationId, agentId: other.agents[0]!.id, content: 'x' }, meta))).toBe('404 AGENT_NOT_FOUND');
    expect(await codeOf(sendAgentMessage(h.deps, other.orgId, { conversationId, agentId: other.agents[0]!.id, content: 'x' }, meta))).toBe('404 CONVERSATION_NOT_FOUND');
    expect(await codeOf(sendBotMessage(h.deps, other.orgId, { conversationId, content: 'x' }, meta))).toBe('404 CONVERSATION_NOT_FOUND');
    await infra.db.conversation.update({ where: { id: conversationId }, data: { botId: null } });
    expect(await codeOf(sendBotMessage(h.deps, org.orgId, { conversationId, content: 'x' }, meta))).toBe('409 CONFLICT');
  });

  it('with a logger, a failed publish is logged and the stored message still returned', async () => {
    const org = await seedOrg(infra.db, 'pubfail');
    const { conversationId } = await seedConversation(infra.db, org);
    const logged: object[] = [];
    const deps = { db: infra.db, events: { publish: () => Promise.reject(new Error('redis down')) }, log: { error: (o: object) => void logged.push(o) } };
    const sent = await sendAgentMessage(deps, org.orgId, { conversationId, agentId: org.agents[0]!.id, content: 'still stored' }, meta);
    expect(sent.message.content).toBe('still stored');
    expect(logged).toHaveLength(1);
    const noLog = { db: infra.db, events: deps.events };
    await expect(sendAgentMessage(noLog, org.orgId, { conversationId, agentId: org.agents[0]!.id, content: 'x' }, meta)).rejects.toThrow('redis down');
  });
});
