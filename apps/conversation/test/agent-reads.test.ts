import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedConversation, seedOrg, sessionFor, visitorSays, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();

/** Reference: List Conversations, Get Conversation, Message History (agent endpoint). */
describe('agent API: reading conversations', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let agent: Session;
  const convs: Awaited<ReturnType<typeof seedConversation>>[] = [];

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'reads');
    agent = await sessionFor(app, org.agent);
    for (let i = 0; i < 4; i++) convs.push(await seedConversation(org, { name: i === 0 ? 'John Doe' : undefined }));
    // Activity a second apart in seeding order, so "newest activity first" has one right answer.
    const base = Date.now() - 60_000;
    for (const [i, c] of convs.entries()) await infra.db.conversation.update({ where: { id: c.id }, data: { updatedAt: new Date(base + i * 1000) } });
    // conv 1 is the agent's, conv 2 another agent's, conv 3 resolved.
    await infra.db.conversationSession.updateMany({ where: { conversationId: convs[1]!.id }, data: { assignedAgentId: org.agent.id, assignedAt: new Date() } });
    await infra.db.conversationSession.updateMany({ where: { conversationId: convs[2]!.id }, data: { assignedAgentId: org.agent2.id, assignedAt: new Date() } });
    await infra.db.conversationSession.updateMany({ where: { conversationId: convs[3]!.id }, data: { status: 'resolved', openConversationId: null, resolvedAt: new Date() } });
  });
  afterAll(() => app.close());

  const list = (query = '') => call(app, { method: 'GET', url: `/api/conversations/${query}`, headers: agent.cookieOnly });
  const ids = (body: { id: string }[]) => body.map((c) => c.id);

  it('lists in exactly the reference shape, unassigned by default', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([convs[0]!.id]);
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId: convs[0]!.id } });
    const row = await infra.db.conversation.findUniqueOrThrow({ where: { id: convs[0]!.id } });
    expect(res.body[0]).toEqual({
      id: convs[0]!.id,
      end_user: { id: convs[0]!.endUserId, display_name: 'John Doe', external_id: convs[0]!.visitor },
      channel_id: org.channel.id,
      active_session: { id: session.id, status: 'open', assigned_agent_id: null, tags: [] },
      created_at: row.createdAt.toISOString(),
      updated_at: row.updatedAt.toISOString(),
    });
    expect(res.headers['x-next-cursor']).toBeUndefined();
    expect((await list('?filter=unassigned')).body).toEqual(res.body);
  });

  it('filters mine and all, newest activity first; a resolved conversation has no active session', async () => {
    expect(ids((await list('?filter=mine')).body)).toEqual([convs[1]!.id]);
    const all = await list('?filter=all');
    expect(ids(all.body)).toEqual([convs[3]!.id, convs[2]!.id, convs[1]!.id, convs[0]!.id]);
    expect(all.body[0].active_session).toBeNull();
    expect(all.body[1].active_session).toMatchObject({ status: 'open', assigned_agent_id: org.agent2.id });
    // The list also works without the trailing slash.
    expect((await call(app, { method: 'GET', url: '/api/conversations?filter=all', headers: agent.cookieOnly })).body).toEqual(all.body);
  });

  it('pages with limit and the X-Next-Cursor header', async () => {
    const first = await list('?filter=all&limit=3');
    expect(ids(first.body)).toEqual([convs[3]!.id, convs[2]!.id, convs[1]!.id]);
    const cursor = first.headers['x-next-cursor'] as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await list(`?filter=all&limit=3&cursor=${cursor}`);
    expect(ids(second.body)).toEqual([convs[0]!.id]);
    expect(second.headers['x-next-cursor']).toBeUndefined();
  });

  it.each([
    ['an unknown filter', '?filter=everything'],
    ['a zero limit', '?limit=0'],
    ['a limit over 100', '?limit=101'],
    ['a forged cursor', '?cursor=abc'],
    ['an unknown parameter', '?page=2'],
  ])('answers 400 VALIDATION_FAILED to %s', async (_label, query) => {
    const res = await list(query);
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('gets one conversation in the list item shape; 404 for an unknown id, 400 for a malformed one', async () => {
    const all = await list('?filter=all');
    const one = await call(app, { method: 'GET', url: `/api/conversations/${convs[2]!.id}`, headers: agent.cookieOnly });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(all.body.find((c: { id: string }) => c.id === convs[2]!.id));
    const missing = await call(app, { method: 'GET', url: '/api/conversations/3f0c8a52-4a3e-4c43-9d1e-0b0b0b0b0b0b', headers: agent.cookieOnly });
    expect({ status: missing.status, code: missing.code }).toEqual({ status: 404, code: 'CONVERSATION_NOT_FOUND' });
    const bad = await call(app, { method: 'GET', url: '/api/conversations/not-a-uuid', headers: agent.cookieOnly });
    expect({ status: bad.status, code: bad.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  describe('message history', () => {
    let conversationId: string;
    beforeAll(async () => {
      const c = await seedConversation(org, { messages: 60 });
      conversationId = c.id;
      await visitorSays(org, conversationId, c.visitor, 'latest');
    });
    const history = (query = '') => call(app, { method: 'GET', url: `/api/conversations/${conversationId}/messages${query}`, headers: agent.cookieOnly });

    it('defaults to limit 50, offset 0: the newest 50, oldest first, in the agent shape', async () => {
      const res = await history();
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(50);
      expect(res.body.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 12));
      const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId } });
      const row = await infra.db.message.findFirstOrThrow({ where: { conversationId, seq: 61 } });
      expect(res.body[49]).toEqual({
        id: row.id,
        seq: 61,
        session_id: session.id,
        sender_type: 'end_user',
        sender_id: row.senderId,
        content_type: 'text',
        content: 'latest',
        rich_media: null,
        read_by: {},
        created_at: row.createdAt.toISOString(),
      });
    });

    it('honours limit and offset', async () => {
      expect((await history('?limit=5')).body.map((m: { seq: number }) => m.seq)).toEqual([57, 58, 59, 60, 61]);
      expect((await history('?limit=5&offset=5')).body.map((m: { seq: number }) => m.seq)).toEqual([52, 53, 54, 55, 56]);
      expect((await history('?limit=10&offset=58')).body.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
      expect((await history('?offset=1000')).body).toEqual([]);
    });

    it.each(['?limit=0', '?limit=abc', '?limit=501', '?offset=-1', '?offset=1.5'])('answers 400 to %s', async (query) => {
      const res = await history(query);
      expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('answers 404 for an unknown conversation', async () => {
      const res = await call(app, { method: 'GET', url: '/api/conversations/3f0c8a52-4a3e-4c43-9d1e-0b0b0b0b0b0b/messages', headers: agent.cookieOnly });
      expect({ status: res.status, code: res.code }).toEqual({ status: 404, code: 'CONVERSATION_NOT_FOUND' });
    });
  });
});
