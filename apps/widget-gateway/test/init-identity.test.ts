import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { createRepositories } from '@parley/db';
import { buildApp } from '../src/app';
import { expectError, init, initOk, registeredApp, seedWidget, type SeededWidget } from './fixtures';

const infra = useTestInfra();

describe('POST /v1/widget/init: visitors, identity and resuming', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  let signer: Awaited<ReturnType<typeof registeredApp>>;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'shop');
    signer = await registeredApp(infra.db, shop.orgId);
    app = await buildApp(infra.deps(), { logger: false });
  });
  afterAll(() => app.close());

  it('a returning visitor resumes the same conversation with exactly the last 30 messages, oldest first', async () => {
    const first = await initOk(app, { embed_token: shop.embedToken, customer_name: 'Grace' });
    expect(first.messages).toEqual([]);
    const messages = createRepositories(infra.db).messages;
    for (let i = 1; i <= 35; i++) {
      await messages.append(shop.orgId, {
        conversationId: first.conversation_id,
        senderType: i % 2 ? 'end_user' : 'bot',
        senderId: i % 2 ? first.visitor_id : shop.botId,
        content: `message ${i}`,
      });
    }
    const again = await initOk(app, { embed_token: shop.embedToken, visitor_id: first.visitor_id });
    expect(again.conversation_id).toBe(first.conversation_id);
    expect(again.visitor_id).toBe(first.visitor_id);
    expect(again.messages.map((m) => m.content)).toEqual(Array.from({ length: 30 }, (_, i) => `message ${i + 6}`));
    expect(again.messages[0]).toEqual({
      id: expect.any(String),
      seq: 6,
      sender_type: 'bot',
      sender_id: shop.botId,
      content_type: 'text',
      content: 'message 6',
      rich_media: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The reference's name for the same thing works the same, and the name was kept.
    expect((await initOk(app, { embed_token: shop.embedToken, session_id: first.visitor_id })).conversation_id).toBe(first.conversation_id);
    const endUser = await infra.db.endUser.findFirstOrThrow({ where: { externalId: first.visitor_id } });
    expect(endUser).toMatchObject({ displayName: 'Grace', verified: false });
  });

  it('an identity assertion makes a verified end user, and a second device finds the same conversation', async () => {
    const laptop = await initOk(app, {
      embed_token: shop.embedToken,
      visitor_id: 'v_laptop_anonymous_id',
      identity_assertion: await signer.assertion({ userId: 'customer-42', name: 'Ada', email: 'ada@example.com' }),
    });
    expect(laptop).toMatchObject({ visitor_id: 'customer-42', verified: true });
    const phone = await initOk(app, {
      embed_token: shop.embedToken,
      visitor_id: 'v_phone_other_id',
      identity_assertion: await signer.assertion({ userId: 'customer-42' }),
    });
    expect(phone.conversation_id).toBe(laptop.conversation_id);
    const endUser = await infra.db.endUser.findFirstOrThrow({ where: { organizationId: shop.orgId, externalId: 'customer-42' } });
    expect(endUser).toMatchObject({ verified: true, displayName: 'Ada', email: 'ada@example.com' });
    const claims = await app.widgetTokens.verify(phone.token);
    expect(claims).toMatchObject({ visitorId: 'customer-42', endUserId: endUser.id, conversationId: laptop.conversation_id, botId: shop.botId });
  });

  it("an anonymous visitor cannot claim a verified user's id: 401 UNAUTHENTICATED, by either name", async () => {
    await initOk(app, { embed_token: shop.embedToken, identity_assertion: await signer.assertion({ userId: 'customer-7' }) });
    for (const payload of [{ session_id: 'customer-7' }, { visitor_id: 'customer-7' }, { session_id: 'customer-7', customer_name: 'Mallory' }]) {
      const res = await init(app, { embed_token: shop.embedToken, ...payload });
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.json().message).toMatch(/verified user/);
    }
    const stored = await infra.db.endUser.findFirstOrThrow({ where: { organizationId: shop.orgId, externalId: 'customer-7' } });
    expect(stored.displayName).toBeNull();
  });

  it('a first verification does not inherit what an anonymous visitor wrote under that id', async () => {
    const squatter = await initOk(app, { embed_token: shop.embedToken, session_id: 'customer-99' });
    await createRepositories(infra.db).messages.append(shop.orgId, {
      conversationId: squatter.conversation_id,
      senderType: 'end_user',
      senderId: 'customer-99',
      content: 'planted before the real user arrived',
    });
    const real = await initOk(app, { embed_token: shop.embedToken, identity_assertion: await signer.assertion({ userId: 'customer-99' }) });
    expect(real.conversation_id).not.toBe(squatter.conversation_id);
    expect(real.messages).toEqual([]);
    const renamed = await infra.db.endUser.findMany({ where: { organizationId: shop.orgId, externalId: { startsWith: 'customer-99#unverified-' } } });
    expect(renamed).toHaveLength(1);
  });

  it('refuses a bad, replayed or foreign assertion with 401', async () => {
    expectError(await init(app, { embed_token: shop.embedToken, identity_assertion: 'not.a.jwt' }), 401, 'TOKEN_INVALID');
    const once = await signer.assertion({ userId: 'customer-1' });
    expect((await init(app, { embed_token: shop.embedToken, identity_assertion: once })).statusCode).toBe(200);
    expectError(await init(app, { embed_token: shop.embedToken, identity_assertion: once }), 401, 'TOKEN_REPLAYED');

    const other = await seedWidget(infra.db, 'other');
    const foreign = await registeredApp(infra.db, other.orgId);
    const res = await init(app, { embed_token: shop.embedToken, identity_assertion: await foreign.assertion({ userId: 'customer-42' }) });
    expectError(res, 401, 'TOKEN_INVALID');
    expect(res.json().message).toMatch(/another organization/);
  });

  it('checks the Origin before spending an assertion', async () => {
    const assertion = await signer.assertion({ userId: 'customer-5' });
    expectError(await init(app, { embed_token: shop.embedToken, identity_assertion: assertion }, { origin: 'https://evil.example' }), 403, 'ORIGIN_NOT_ALLOWED');
    expect((await init(app, { embed_token: shop.embedToken, identity_assertion: assertion })).statusCode).toBe(200);
  });

  it("a conversation_id must be the visitor's own conversation, else 404", async () => {
    const mine = await initOk(app, { embed_token: shop.embedToken });
    const theirs = await initOk(app, { embed_token: shop.embedToken });
    expect((await initOk(app, { embed_token: shop.embedToken, visitor_id: mine.visitor_id, conversation_id: mine.conversation_id })).conversation_id).toBe(mine.conversation_id);
    const res = await init(app, { embed_token: shop.embedToken, visitor_id: mine.visitor_id, conversation_id: theirs.conversation_id });
    expectError(res, 404, 'CONVERSATION_NOT_FOUND');
  });

  it('session_id and visitor_id must agree when both are sent', async () => {
    expectError(await init(app, { embed_token: shop.embedToken, session_id: 'a-1', visitor_id: 'b-2' }), 400, 'VALIDATION_FAILED');
  });
});
