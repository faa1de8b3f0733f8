import type { FastifyInstance } from 'fastify';
import { EventBus } from '@parley/bus';
import { Topics } from '@parley/contracts';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { apiKeyFor, call, RICH_MEDIA, seedConversation, seedOrg, visitorSays, type SeededOrg } from './fixtures';

const infra = useTestInfra();
const quiet = { warn: () => undefined, error: () => undefined };

/** `/v1/conversations`: the same inbox through API keys (scopes are checked in access.test.ts). */
describe('integration API', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let key: { authorization: string };
  let bus: EventBus;
  const heard: { topic: string; payload: any }[] = [];

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'v1');
    key = await apiKeyFor(infra.db, org.orgId, ['conversations:read', 'conversations:write', 'messages:write']);
    bus = new EventBus(infra.redis.redis, infra.redis.subscriber, infra.redis.ns, quiet);
    for (const topic of [Topics.conversationAssigned, Topics.conversationResolved, Topics.messageCreated]) {
      await bus.subscribe(topic, (payload) => void heard.push({ topic: topic.name, payload }));
    }
  });
  afterAll(async () => {
    await bus.close();
    await app.close();
  });

  const req = (method: 'GET' | 'POST', url: string, payload?: object) => call(app, { method, url, headers: key, ...(payload ? { payload } : {}) });
  const waitHeard = async (topic: string, conversationId: string) => {
    for (let i = 0; i < 200 && !heard.some((e) => e.topic === topic && e.payload.conversationId === conversationId); i++) await new Promise((r) => setTimeout(r, 10));
    return heard.find((e) => e.topic === topic && e.payload.conversationId === conversationId)?.payload;
  };

  it('lists conversations with the data model fields, filtered and paged', async () => {
    const a = await seedConversation(org, { name: 'Alice' });
    const b = await seedConversation(org);
    await infra.db.conversation.update({ where: { id: a.id }, data: { updatedAt: new Date(Date.now() - 5000) } });
    await infra.db.conversationSession.updateMany({ where: { conversationId: b.id }, data: { assignedAgentId: org.agent.id, assignedAt: new Date() } });
    const all = await req('GET', '/v1/conversations');
    expect(all.status).toBe(200);
    expect(all.body.conversations.map((c: { id: string }) => c.id)).toEqual([b.id, a.id]);
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId: a.id } });
    expect(all.body.conversations[1]).toEqual({
      id: a.id,
      organization_id: org.orgId,
      bot_id: org.bot.id,
      end_user: { id: a.endUserId, display_name: 'Alice', external_id: a.visitor },
      channel_id: org.channel.id,
      active_session: {
        id: session.id,
        status: 'open',
        assigned_agent_id: null,
        tags: [],
        first_message_at: session.firstMessageAt!.toISOString(),
        assigned_at: null,
        resolved_at: null,
      },
      last_message_at: expect.any(String),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect((await req('GET', '/v1/conversations?filter=unassigned')).body.conversations.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const page = await req('GET', '/v1/conversations?limit=1');
    expect(page.body.conversations).toHaveLength(1);
    const next = await req('GET', `/v1/conversations?limit=1&cursor=${page.body.next_cursor}`);
    expect(next.body).toMatchObject({ conversations: [{ id: a.id }], next_cursor: null });
    expect((await req('GET', '/v1/conversations?filter=mine')).status).toBe(400);
    expect((await req('GET', `/v1/conversations/${a.id}`)).body).toEqual(all.body.conversations[1]);
  });

  it('reads messages by offset or after a seq', async () => {
    const c = await seedConversation(org, { messages: 5 });
    const seqs = (body: { messages: { seq: number }[] }) => body.messages.map((m) => m.seq);
    expect(seqs((await req('GET', `/v1/conversations/${c.id}/messages`)).body)).toEqual([1, 2, 3, 4, 5]);
    expect(seqs((await req('GET', `/v1/conversations/${c.id}/messages?limit=2&offset=1`)).body)).toEqual([3, 4]);
    expect(seqs((await req('GET', `/v1/conversations/${c.id}/messages?after_seq=3`)).body)).toEqual([4, 5]);
    expect((await req('GET', `/v1/conversations/${c.id}/messages`)).body.messages[0]).toMatchObject({ session_id: expect.any(String), read_by: {} });
  });

  it('sends as the bot or as a named agent, with rich media; an agent needs agent_id', async () => {
    const c = await seedConversation(org);
    const asBot = await req('POST', `/v1/conversations/${c.id}/messages`, { sender_type: 'bot', content_type: 'carousel', ...RICH_MEDIA.carousel });
    expect(asBot).toMatchObject({ status: 201, body: { sender_type: 'bot', sender_id: org.bot.id, content_type: 'carousel', rich_media: RICH_MEDIA.carousel.rich_media } });
    expect(await waitHeard(Topics.messageCreated.name, c.id)).toMatchObject({ message: { id: asBot.body.id } });
    const asAgent = await req('POST', `/v1/conversations/${c.id}/messages`, { sender_type: 'agent', agent_id: org.agent.id, content: 'Hello from Ana', client_message_id: 'crm-1' });
    expect(asAgent).toMatchObject({ status: 201, body: { sender_type: 'agent', sender_id: org.agent.id, seq: 3 } });
    expect((await req('POST', `/v1/conversations/${c.id}/messages`, { sender_type: 'agent', agent_id: org.agent.id, content: 'Hello from Ana', client_message_id: 'crm-1' })).status).toBe(200);
    const noAgent = await req('POST', `/v1/conversations/${c.id}/messages`, { sender_type: 'agent', content: 'who am I' });
    expect({ status: noAgent.status, code: noAgent.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const badMedia = await req('POST', `/v1/conversations/${c.id}/messages`, { sender_type: 'bot', content: '', content_type: 'image', rich_media: { url: 'data:x' } });
    expect({ status: badMedia.status, code: badMedia.code }).toEqual({ status: 400, code: 'INVALID_RICH_MEDIA' });
    const endUser = await req('POST', `/v1/conversations/${c.id}/messages`, { sender_type: 'end_user', content: 'spoof' });
    expect(endUser.status).toBe(400);
  });

  it('assigns (claim, or force), tags and resolves, publishing like the agent API', async () => {
    const c = await seedConversation(org);
    const claimed = await req('POST', `/v1/conversations/${c.id}/assign`, { agent_id: org.agent.id });
    expect(claimed).toMatchObject({ status: 200, body: { id: c.id, assigned_agent_id: org.agent.id } });
    expect(await waitHeard(Topics.conversationAssigned.name, c.id)).toMatchObject({ assignedTo: org.agent.id });
    const held = await req('POST', `/v1/conversations/${c.id}/assign`, { agent_id: org.agent2.id });
    expect({ status: held.status, code: held.code }).toEqual({ status: 409, code: 'ALREADY_ASSIGNED' });
    expect((await req('POST', `/v1/conversations/${c.id}/assign`, { agent_id: org.agent2.id, force: true })).body.assigned_agent_id).toBe(org.agent2.id);
    expect((await req('POST', `/v1/conversations/${c.id}/tags`, { add: ['crm'] })).body.tags).toEqual(['crm']);
    const resolved = await req('POST', `/v1/conversations/${c.id}/resolve`, { tags: ['synced'] });
    expect(resolved).toMatchObject({ status: 200, body: { id: c.id, status: 'resolved', tags: ['crm', 'synced'] } });
    expect(await waitHeard(Topics.conversationResolved.name, c.id)).toMatchObject({ tags: ['crm', 'synced'] });
    expect((await req('POST', `/v1/conversations/${c.id}/resolve`)).code).toBe('NO_OPEN_SESSION');
    expect((await req('POST', `/v1/conversations/${c.id}/messages`, { sender_type: 'bot', content: 'late' })).code).toBe('NO_OPEN_SESSION');
    await visitorSays(org, c.id, c.visitor, 'back again');
    const reopened = await req('GET', `/v1/conversations/${c.id}`);
    expect(reopened.body.active_session).toMatchObject({ status: 'open', assigned_agent_id: null, tags: [] });
    expect(reopened.body.active_session.id).not.toBe(resolved.body.session_id);
  });
});
