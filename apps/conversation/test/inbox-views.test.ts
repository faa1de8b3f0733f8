import type { FastifyInstance } from 'fastify';
import { presenceSubject, PresenceStore } from '@parley/bus';
import type { InboxConversation } from '@parley/contracts';
import { readReceiptRepository } from '@parley/db';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedConversation, seedOrg, sessionFor, visitorSays, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();

/** `/api/inbox/...`: what the inbox app's list rows, side panel and presence need. */
describe('inbox views', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let other: SeededOrg;
  let agent: Session;
  let foreignAgent: Session;
  let first: Awaited<ReturnType<typeof seedConversation>>;
  let second: Awaited<ReturnType<typeof seedConversation>>;

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    [org, other] = await Promise.all([seedOrg(infra.db, 'views'), seedOrg(infra.db, 'views-other')]);
    agent = await sessionFor(app, org.agent);
    foreignAgent = await sessionFor(app, other.agent);
    first = await seedConversation(org, { name: 'Ada', messages: 3 });
    second = await seedConversation(org, { messages: 1 });
  });
  afterAll(() => app.close());

  const get = (url: string, who: Session = agent) => call(app, { method: 'GET', url, headers: who.cookieOnly });
  const item = (body: { conversations: InboxConversation[] }, id: string) => body.conversations.find((c) => c.id === id)!;

  it('lists like the agent API, with the newest message and the unread count of each conversation', async () => {
    const res = await get('/api/inbox/conversations?filter=unassigned');
    expect(res.status).toBe(200);
    const reference = await get('/api/conversations/?filter=unassigned');
    expect(res.body.conversations.map((c: { id: string }) => c.id)).toEqual(reference.body.map((c: { id: string }) => c.id));
    expect(res.body.next_cursor).toBeNull();
    const ada = item(res.body, first.id);
    expect(ada).toEqual({ ...reference.body.find((c: { id: string }) => c.id === first.id), last_message: { sender_type: 'end_user', content_type: 'text', content: 'message 3', created_at: expect.any(String) }, unread_count: 3 });
  });

  it('counts only what no agent has read, in the open session, and shows previews of at most 200 characters', async () => {
    const messages = await infra.db.message.findMany({ where: { conversationId: first.id }, orderBy: { seq: 'asc' } });
    await readReceiptRepository(infra.db).markRead(org.orgId, first.id, [messages[0]!.id, messages[1]!.id], org.agent2.id, new Date());
    await visitorSays(org, first.id, first.visitor, 'x'.repeat(500));
    const res = await get('/api/inbox/conversations?filter=all');
    const ada = item(res.body, first.id);
    expect(ada.unread_count).toBe(2);
    expect((ada.last_message!.content as string).length).toBe(200);
    // Resolved: nothing is waiting any more.
    await infra.db.conversationSession.updateMany({ where: { conversationId: second.id }, data: { status: 'resolved', openConversationId: null, resolvedAt: new Date() } });
    const after = await get('/api/inbox/conversations?filter=all');
    expect(item(after.body, second.id)).toMatchObject({ active_session: null, unread_count: 0, last_message: { content: 'message 1' } });
  });

  it('pages with the same cursor as the agent API, and refuses bad parameters with 400', async () => {
    const page1 = await get('/api/inbox/conversations?filter=all&limit=1');
    expect(page1.body.conversations).toHaveLength(1);
    expect(page1.body.next_cursor).toEqual(expect.any(String));
    const page2 = await get(`/api/inbox/conversations?filter=all&limit=1&cursor=${encodeURIComponent(page1.body.next_cursor)}`);
    expect(page2.body.conversations[0].id).not.toBe(page1.body.conversations[0].id);
    expect((await get('/api/inbox/conversations?filter=everything')).code).toBe('VALIDATION_FAILED');
    expect((await get('/api/inbox/conversations?cursor=not-a-cursor')).status).toBe(400);
    expect((await get('/api/inbox/conversations?limit=0')).status).toBe(400);
  });

  it('gives one row by id, and 404 for another organization\'s conversation', async () => {
    const res = await get(`/api/inbox/conversations/${first.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first.id, end_user: { display_name: 'Ada' }, unread_count: 2 });
    expect((await get(`/api/inbox/conversations/${first.id}`, foreignAgent)).code).toBe('CONVERSATION_NOT_FOUND');
    expect((await get('/api/inbox/conversations/not-a-uuid')).status).toBe(400);
  });

  it('describes the end user, the session, earlier sessions and leads; another organization gets 404', async () => {
    await infra.db.endUser.update({ where: { id: first.endUserId }, data: { email: 'ada@example.com', verified: true } });
    await org.repos.leads.upsert(org.orgId, { botId: org.bot.id, email: 'ada@example.com', name: 'Ada L.', endUserId: first.endUserId, conversationId: first.id });
    await new PresenceStore(app.redis, app.redisNs).connect(presenceSubject.endUser(org.orgId, first.endUserId), 'node-test:socket-1', 30_000);
    const res = await get(`/api/inbox/conversations/${first.id}/details`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      conversation_id: first.id,
      end_user: { id: first.endUserId, external_id: first.visitor, display_name: 'Ada', email: 'ada@example.com', verified: true, online: true },
      bot: { id: org.bot.id, name: org.bot.name },
      channel: { id: org.channel.id, type: 'webchat' },
      session: { status: 'open', assigned_agent_id: null, first_message_at: expect.any(String) },
      previous_sessions: [],
      session_count: 1,
      leads: [{ email: 'ada@example.com', name: 'Ada L.', conversation_id: first.id }],
    });
    const resolved = await get(`/api/inbox/conversations/${second.id}/details`);
    expect(resolved.body).toMatchObject({ session: null, session_count: 1, previous_sessions: [{ status: 'resolved' }], end_user: { online: false } });
    expect((await get(`/api/inbox/conversations/${first.id}/details`, foreignAgent)).code).toBe('CONVERSATION_NOT_FOUND');
  });

  it('lists active colleagues with whether they are online, without e-mails', async () => {
    await new PresenceStore(app.redis, app.redisNs).connect(presenceSubject.agent(org.orgId, org.agent2.id), 'node-test:socket-2', 30_000);
    await infra.db.user.update({ where: { id: org.owner.id }, data: { deactivatedAt: new Date() } });
    const res = await get('/api/inbox/team');
    expect(res.status).toBe(200);
    const byId = new Map(res.body.members.map((m: { id: string }) => [m.id, m]));
    expect(byId.get(org.agent2.id)).toEqual({ id: org.agent2.id, display_name: org.agent2.displayName, role: 'agent', online: true });
    expect(byId.get(org.agent.id)).toMatchObject({ online: false });
    expect(byId.has(org.owner.id)).toBe(false);
    expect(res.body.members.every((m: object) => !('email' in m))).toBe(true);
    expect(res.body.members).toHaveLength(3);
  });

  it('needs a session', async () => {
    for (const url of ['/api/inbox/conversations', `/api/inbox/conversations/${first.id}/details`, '/api/inbox/team']) {
      expect((await call(app, { method: 'GET', url })).code).toBe('UNAUTHENTICATED');
    }
  });
});
