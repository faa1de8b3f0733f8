import type { FastifyInstance } from 'fastify';
import { EventBus } from '@parley/bus';
import { Topics } from '@parley/contracts';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, RICH_MEDIA, seedConversation, seedOrg, sessionFor, visitorSays, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();
const quiet = { warn: () => undefined, error: () => undefined };

describe('agent API: sending messages and the session lifecycle', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let agent: Session;
  let bus: EventBus;
  const created: any[] = [];

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'send');
    agent = await sessionFor(app, org.agent);
    bus = new EventBus(infra.redis.redis, infra.redis.subscriber, infra.redis.ns, quiet);
    await bus.subscribe(Topics.messageCreated, (payload) => void created.push(payload));
  });
  afterAll(async () => {
    await bus.close();
    await app.close();
  });

  const send = (conversationId: string, payload: object) =>
    call(app, { method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: agent.headers, payload });

  it('stores a text message as the caller (201, agent shape), bumps updated_at and reaches the conversation room', async () => {
    const c = await seedConversation(org);
    const before = await infra.db.conversation.findUniqueOrThrow({ where: { id: c.id } });
    const res = await send(c.id, { content: 'Hi! How can I help you today?' });
    expect(res.status).toBe(201);
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId: c.id } });
    expect(res.body).toEqual({
      id: expect.any(String),
      seq: 2,
      session_id: session.id,
      sender_type: 'agent',
      sender_id: org.agent.id,
      content_type: 'text',
      content: 'Hi! How can I help you today?',
      rich_media: null,
      read_by: {},
      created_at: expect.any(String),
    });
    const after = await infra.db.conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.updatedAt.toISOString()).toBe(res.body.created_at);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    for (let i = 0; i < 100 && !created.some((e) => e.message.id === res.body.id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(created.find((e) => e.message.id === res.body.id)).toMatchObject({ orgId: org.orgId, conversationId: c.id, sessionId: session.id });
  });

  it.each(Object.entries(RICH_MEDIA))('accepts a %s message exactly as the reference shows it', async (type, example) => {
    const c = await seedConversation(org);
    const res = await send(c.id, { content_type: type, ...example });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ content_type: type, content: example.content, rich_media: example.rich_media });
    const history = await call(app, { method: 'GET', url: `/api/conversations/${c.id}/messages`, headers: agent.cookieOnly });
    expect(history.body[1]).toEqual(res.body);
  });

  it.each([
    ['an empty text', { content: '' }, 'VALIDATION_FAILED'],
    ['no content at all', { content_type: 'text' }, 'VALIDATION_FAILED'],
    ['an unknown content type', { content: 'x', content_type: 'video' }, 'VALIDATION_FAILED'],
    ['rich media on a text', { content: 'x', rich_media: { url: 'https://a.example/x.png' } }, 'INVALID_RICH_MEDIA'],
    ['an image without rich_media', { content: 'x', content_type: 'image' }, 'INVALID_RICH_MEDIA'],
    ['a javascript: image', { content: '', content_type: 'image', rich_media: { url: 'javascript:alert(1)//x' } }, 'INVALID_RICH_MEDIA'],
    ['a file with a negative size', { content: '', content_type: 'file', rich_media: { ...RICH_MEDIA.file.rich_media, size: -1 } }, 'INVALID_RICH_MEDIA'],
    ['quick buttons without buttons', { content: '', content_type: 'quick_button', rich_media: { buttons: [] } }, 'INVALID_RICH_MEDIA'],
    ['a carousel card without a title', { content: '', content_type: 'carousel', rich_media: { cards: [{ image_url: 'https://a.example/x.png' }] } }, 'INVALID_RICH_MEDIA'],
    ['a carousel image on ftp', { content: '', content_type: 'carousel', rich_media: { cards: [{ title: 'A', image_url: 'ftp://a.example/x.png' }] } }, 'INVALID_RICH_MEDIA'],
    ['a dropdown without options', { content: '', content_type: 'dropdown', rich_media: { placeholder: 'pick' } }, 'INVALID_RICH_MEDIA'],
    ['an unknown field', { content: 'x', sender_type: 'agent' }, 'VALIDATION_FAILED'],
  ])('answers 400 to %s', async (_label, payload, code) => {
    const c = await seedConversation(org);
    const res = await send(c.id, payload);
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code });
    expect(await infra.db.message.count({ where: { conversationId: c.id } })).toBe(1);
  });

  it('returns the stored message (200) for a retried client_message_id', async () => {
    const c = await seedConversation(org);
    const first = await send(c.id, { content: 'once', client_message_id: 'm-1' });
    const retry = await send(c.id, { content: 'once', client_message_id: 'm-1' });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body).toEqual(first.body);
    expect(await infra.db.message.count({ where: { conversationId: c.id } })).toBe(2);
  });

  it('resolve, then the next end-user message opens a new session in the same conversation', async () => {
    const c = await seedConversation(org);
    await call(app, { method: 'POST', url: `/api/conversations/${c.id}/assign`, headers: agent.headers });
    await send(c.id, { content: 'Anything else?' });
    const resolved = await call(app, { method: 'POST', url: `/api/conversations/${c.id}/resolve`, headers: agent.headers, payload: { tags: ['done'] } });
    const closed = await send(c.id, { content: 'one more thing' });
    expect({ status: closed.status, code: closed.code }).toEqual({ status: 409, code: 'NO_OPEN_SESSION' });
    const resolvedView = await call(app, { method: 'GET', url: `/api/conversations/${c.id}`, headers: agent.cookieOnly });
    expect(resolvedView.body.active_session).toBeNull();

    await visitorSays(org, c.id, c.visitor, 'Hello again');
    const view = await call(app, { method: 'GET', url: `/api/conversations/${c.id}`, headers: agent.cookieOnly });
    expect(view.body.active_session).toEqual({ id: expect.any(String), status: 'open', assigned_agent_id: null, tags: [] });
    expect(view.body.active_session.id).not.toBe(resolved.body.session_id);
    const unassigned = await call(app, { method: 'GET', url: '/api/conversations/', headers: agent.cookieOnly });
    expect(unassigned.body.map((x: { id: string }) => x.id)).toContain(c.id);
    const history = await call(app, { method: 'GET', url: `/api/conversations/${c.id}/messages`, headers: agent.cookieOnly });
    expect(history.body.map((m: { session_id: string }) => m.session_id)).toEqual([
      resolved.body.session_id,
      resolved.body.session_id,
      view.body.active_session.id,
    ]);
    const sessions = await infra.db.conversationSession.findMany({ where: { conversationId: c.id }, orderBy: { createdAt: 'asc' } });
    expect(sessions.map((s) => s.status)).toEqual(['resolved', 'open']);
    expect(sessions[0]).toMatchObject({ firstMessageAt: expect.any(Date), assignedAt: expect.any(Date), resolvedAt: expect.any(Date) });
    expect(sessions[1]).toMatchObject({ firstMessageAt: expect.any(Date), assignedAt: null, resolvedAt: null });
    // And the agent can answer in the new session.
    expect((await send(c.id, { content: 'Welcome back' })).body.session_id).toBe(view.body.active_session.id);
  });
});
