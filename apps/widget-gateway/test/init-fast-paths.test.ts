import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { createRepositories } from '@parley/db';
import { buildApp } from '../src/app';
import { initOk, seedWidget, type SeededWidget } from './fixtures';

const infra = useTestInfra();

/**
 * /init's fast paths (batched creation of new visitors, one-statement resume, last_seen_at
 * written behind) against the careful path they stand in for.
 */
describe('POST /v1/widget/init: the fast paths', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  let other: SeededWidget;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'shop');
    other = await seedWidget(infra.db, 'other');
    app = await buildApp(infra.deps(), { logger: false });
  });
  afterAll(() => app.close());

  it('concurrent new visitors each get their own end user and conversation, all stored', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => initOk(app, { embed_token: shop.embedToken })));
    const conversations = new Set(answers.map((a) => a.conversation_id));
    expect(conversations.size).toBe(25);
    const rows = await infra.db.conversation.findMany({
      where: { id: { in: [...conversations] } },
      include: { endUser: { select: { externalId: true, organizationId: true, lastSeenAt: true } } },
    });
    expect(rows).toHaveLength(25);
    for (const answer of answers) {
      const row = rows.find((r) => r.id === answer.conversation_id)!;
      expect(row).toMatchObject({ organizationId: shop.orgId, channelId: shop.channelId, botId: shop.botId, isPreview: false });
      expect(row.endUser).toMatchObject({ externalId: answer.visitor_id, organizationId: shop.orgId, lastSeenAt: expect.any(Date) });
    }
  });

  it("two tabs of a visitor seen for the first time share one conversation; two organizations' same id do not", async () => {
    const payloads = [
      { embed_token: shop.embedToken, session_id: 'tab-visitor' },
      { embed_token: shop.embedToken, session_id: 'tab-visitor' },
      { embed_token: other.embedToken, session_id: 'tab-visitor' },
    ];
    const [a, b, c] = await Promise.all(payloads.map((p) => initOk(app, p)));
    expect(a!.conversation_id).toBe(b!.conversation_id);
    expect(c!.conversation_id).not.toBe(a!.conversation_id);
    expect(await infra.db.endUser.count({ where: { externalId: 'tab-visitor' } })).toBe(2);
  });

  it('a known end user without a conversation on this channel gets one', async () => {
    await createRepositories(infra.db).endUsers.upsert(shop.orgId, 'known-elsewhere');
    const first = await initOk(app, { embed_token: shop.embedToken, session_id: 'known-elsewhere' });
    const again = await initOk(app, { embed_token: shop.embedToken, session_id: 'known-elsewhere' });
    expect(again.conversation_id).toBe(first.conversation_id);
    expect(await infra.db.conversation.count({ where: { id: first.conversation_id, channelId: shop.channelId } })).toBe(1);
  });

  it('resuming answers exactly what the careful path answers', async () => {
    const first = await initOk(app, { embed_token: shop.embedToken });
    const messages = createRepositories(infra.db).messages;
    for (let i = 1; i <= 3; i++) {
      await messages.append(shop.orgId, {
        conversationId: first.conversation_id,
        senderType: 'end_user',
        senderId: first.visitor_id,
        content: `m${i}`,
        contentType: i === 3 ? 'quick_button' : 'text',
        richMedia: i === 3 ? { buttons: [{ label: 'Yes', value: 'yes' }] } : null,
      });
    }
    const fast = await initOk(app, { embed_token: shop.embedToken, session_id: first.visitor_id });
    // A display name sends the same visitor down the careful path (it writes the name).
    const careful = await initOk(app, { embed_token: shop.embedToken, session_id: first.visitor_id, customer_name: 'Ada' });
    expect(fast.messages).toHaveLength(3);
    expect(fast.messages).toEqual(careful.messages);
    expect(fast.conversation_id).toBe(careful.conversation_id);
  });

  it("writes a returning visitor's last_seen_at behind, and flushes it on close", async () => {
    const own = await buildApp(infra.deps(), { logger: false });
    const first = await initOk(own, { embed_token: shop.embedToken });
    await infra.db.endUser.updateMany({ where: { externalId: first.visitor_id }, data: { lastSeenAt: new Date(0) } });
    await initOk(own, { embed_token: shop.embedToken, session_id: first.visitor_id });
    // Not written by the request itself...
    expect((await infra.db.endUser.findFirstOrThrow({ where: { externalId: first.visitor_id } })).lastSeenAt).toEqual(new Date(0));
    await own.close();
    // ...but before the gateway lets go of the database.
    const seen = (await infra.db.endUser.findFirstOrThrow({ where: { externalId: first.visitor_id } })).lastSeenAt!;
    expect(Date.now() - seen.getTime()).toBeLessThan(60_000);
  });
});
