import type { FastifyInstance } from 'fastify';
import { Topics, type TopicPayload } from '@parley/contracts';
import { asOrgId, createRepositories, usagePeriod } from '@parley/db';
import type { WidgetAuth } from '@parley/auth';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { storeVisitorMessage } from '../src/messages/store-visitor-message';
import { initOk, seedWidget, type SeededWidget } from './fixtures';

const infra = useTestInfra();

describe('storeVisitorMessage: store once, meter once, announce, report the handoff', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  const created: TopicPayload<typeof Topics.messageCreated>[] = [];
  const updated: TopicPayload<typeof Topics.conversationUpdated>[] = [];
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'messages');
    app = await buildApp(infra.deps(), { logger: false });
    await app.events.subscribe(Topics.messageCreated, (p) => void created.push(p));
    await app.events.subscribe(Topics.conversationUpdated, (p) => void updated.push(p));
  });
  afterAll(() => app.close());

  const visitorAuth = async (): Promise<WidgetAuth> => {
    const visitor = await initOk(app, { embed_token: shop.embedToken });
    const claims = await app.widgetTokens.verify(visitor.token);
    return { ...claims, orgId: asOrgId(claims.orgId) };
  };
  const store = (auth: WidgetAuth, body: Parameters<typeof storeVisitorMessage>[2]) =>
    storeVisitorMessage({ db: app.db, events: app.events, log: app.log }, auth, body, { requestId: 'req-test-1' });
  const usage = (metric: 'text_message' | 'preview_text_message') =>
    createRepositories(infra.db).usage.get(shop.orgId, usagePeriod(new Date()), metric);
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('stores the message as the visitor, counts one text message and publishes both topics', async () => {
    const auth = await visitorAuth();
    const before = await usage('text_message');
    const stored = await store(auth, { content: 'Hello, I need help', client_message_id: 'cm-1' });
    expect(stored).toMatchObject({
      duplicate: false,
      assignedAgentId: null,
      message: { seq: 1, sender_type: 'end_user', sender_id: auth.visitorId, content: 'Hello, I need help', content_type: 'text', rich_media: null },
    });
    expect(await usage('text_message')).toBe(before + 1);
    await until(() => created.some((c) => c.message.id === stored.message.id) && updated.some((u) => u.conversationId === auth.conversationId));
    expect(created.find((c) => c.message.id === stored.message.id)).toEqual({
      orgId: shop.orgId,
      conversationId: auth.conversationId,
      sessionId: stored.sessionId,
      message: stored.message,
    });
    expect(updated.find((u) => u.conversationId === auth.conversationId)).toEqual({
      orgId: shop.orgId,
      conversationId: auth.conversationId,
      senderType: 'end_user',
      contentType: 'text',
      content: 'Hello, I need help',
    });
  });

  it('a retry with the same client_message_id returns the stored message: no second row, no second count', async () => {
    const auth = await visitorAuth();
    const first = await store(auth, { content: 'once', client_message_id: 'cm-retry' });
    const before = await usage('text_message');
    const again = await store(auth, { content: 'once', client_message_id: 'cm-retry' });
    expect(again).toMatchObject({ duplicate: true, message: first.message });
    expect(await infra.db.message.count({ where: { conversationId: auth.conversationId } })).toBe(1);
    expect(await usage('text_message')).toBe(before);
    // Concurrent retries converge too.
    const racing = await Promise.all(Array.from({ length: 5 }, () => store(auth, { content: 'race', client_message_id: 'cm-race' })));
    expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await usage('text_message')).toBe(before + 1);
  });

  it('keeps rich media, and meters a preview conversation apart', async () => {
    const first = await visitorAuth();
    // A dashboard preview: /init signs the token as one, and the message is metered as one.
    await infra.db.conversation.update({ where: { id: first.conversationId }, data: { isPreview: true } });
    const again = await initOk(app, { embed_token: shop.embedToken, visitor_id: first.visitorId });
    const claims = await app.widgetTokens.verify(again.token);
    expect(claims.preview).toBe(true);
    const auth = { ...claims, orgId: asOrgId(claims.orgId) };
    const before = { text: await usage('text_message'), preview: await usage('preview_text_message') };
    const stored = await store(auth, {
      content: 'look',
      content_type: 'image',
      rich_media: { url: 'https://cdn.example.com/p.png', alt: 'p' },
    });
    expect(stored.message).toMatchObject({ content_type: 'image', rich_media: { url: 'https://cdn.example.com/p.png', alt: 'p' } });
    expect(await usage('text_message')).toBe(before.text);
    expect(await usage('preview_text_message')).toBe(before.preview + 1);
  });

  it('says who holds the conversation when a human agent is assigned', async () => {
    const auth = await visitorAuth();
    const first = await store(auth, { content: 'anyone there?' });
    const agent = await createRepositories(infra.db).users.create(shop.orgId, {
      email: 'agent@messages.test',
      displayName: 'Agent',
      role: 'agent',
      passwordHash: 'not-used',
    });
    await infra.db.conversationSession.update({ where: { id: first.sessionId }, data: { assignedAgentId: agent.id, assignedAt: new Date() } });
    expect((await store(auth, { content: 'hello?' })).assignedAgentId).toBe(agent.id);
  });

  it('refuses bad rich media before storing anything', async () => {
    const auth = await visitorAuth();
    await expect(store(auth, { content: '', content_type: 'image', rich_media: { url: 'javascript:alert(1)' } })).rejects.toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await infra.db.message.count({ where: { conversationId: auth.conversationId } })).toBe(0);
  });
});
