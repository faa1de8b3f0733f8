import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { createRepositories } from '@parley/db';
import { buildApp } from '../src/app';
import { expectError, initOk, registeredApp, seedWidget, type SeededWidget } from './fixtures';

const infra = useTestInfra();

describe('GET /chat-widget/history/:conversation_id', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'history');
    app = await buildApp(infra.deps(), { logger: false });
  });
  afterAll(() => app.close());

  const history = (conversationId: string, externalId: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/chat-widget/history/${conversationId}?external_id=${encodeURIComponent(externalId)}`, headers });

  async function seedMessages(conversationId: string, senderId: string, count: number) {
    const messages = createRepositories(infra.db).messages;
    for (let i = 1; i <= count; i++) {
      await messages.append(shop.orgId, {
        conversationId,
        senderType: 'end_user',
        senderId,
        content: `m${i}`,
        ...(i === 1 ? { contentType: 'image' as const, richMedia: { url: 'https://cdn.example.com/a.png', alt: 'a' } } : {}),
      });
    }
  }

  it("returns the last 100 messages, oldest first, in the widget's shape", async () => {
    const visitor = await initOk(app, { embed_token: shop.embedToken });
    await seedMessages(visitor.conversation_id, visitor.visitor_id, 105);
    const res = await history(visitor.conversation_id, visitor.visitor_id);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Record<string, unknown>[];
    expect(body).toHaveLength(100);
    expect(body.map((m) => m.content)).toEqual(Array.from({ length: 100 }, (_, i) => `m${i + 6}`));
    expect(Object.keys(body[0]!).sort()).toEqual(['content', 'content_type', 'created_at', 'id', 'rich_media', 'sender_id', 'sender_type', 'seq']);
  });

  it('keeps rich media as stored', async () => {
    const visitor = await initOk(app, { embed_token: shop.embedToken });
    await seedMessages(visitor.conversation_id, visitor.visitor_id, 1);
    const [first] = (await history(visitor.conversation_id, visitor.visitor_id)).json() as Record<string, unknown>[];
    expect(first).toMatchObject({ content_type: 'image', rich_media: { url: 'https://cdn.example.com/a.png', alt: 'a' } });
  });

  it('answers a wrong external id and an unknown conversation with the same 404', async () => {
    const visitor = await initOk(app, { embed_token: shop.embedToken });
    const other = await initOk(app, { embed_token: shop.embedToken });
    const wrongId = await history(visitor.conversation_id, other.visitor_id);
    const unknown = await history('00000000-0000-4000-8000-000000000000', visitor.visitor_id);
    expectError(wrongId, 404, 'CONVERSATION_NOT_FOUND');
    expectError(unknown, 404, 'CONVERSATION_NOT_FOUND');
    expect(wrongId.json().message).toBe(unknown.json().message);
  });

  it("a verified user's history also needs their widget token", async () => {
    const signer = await registeredApp(infra.db, shop.orgId);
    const user = await initOk(app, { embed_token: shop.embedToken, identity_assertion: await signer.assertion({ userId: 'customer-3' }) });
    expectError(await history(user.conversation_id, 'customer-3'), 404, 'CONVERSATION_NOT_FOUND');
    const stranger = await initOk(app, { embed_token: shop.embedToken });
    expectError(await history(user.conversation_id, 'customer-3', { authorization: `Bearer ${stranger.token}` }), 404, 'CONVERSATION_NOT_FOUND');
    const res = await history(user.conversation_id, 'customer-3', { authorization: `Bearer ${user.token}` });
    expect(res.statusCode).toBe(200);
  });

  it('refuses malformed ids with 400', async () => {
    expectError(await history('not-a-uuid', 'someone'), 400, 'VALIDATION_FAILED');
    expectError(await app.inject({ method: 'GET', url: '/chat-widget/history/00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED');
    expectError(await history('00000000-0000-4000-8000-000000000000', 'x'.repeat(256)), 400, 'VALIDATION_FAILED');
  });
});
