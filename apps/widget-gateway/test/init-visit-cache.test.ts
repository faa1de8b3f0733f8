import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { createRepositories, toWidgetMessage } from '@parley/db';
import { Topics } from '@parley/contracts';
import type { BotReplyWorker } from '@parley/bot';
import { buildApp } from '../src/app';
import { expectError, init, initOk, registeredApp, seedWidget, type SeededWidget } from './fixtures';
import { startWorkerFor } from './message-turns';

const infra = useTestInfra();

/**
 * A returning visitor's `/init` answer is kept per node (routes/init/visit-cache.ts). These tests
 * show it is used, and that every change that alters an answer reaches every node at once: a
 * message stored anywhere (its bus event), an identity change (a Postgres NOTIFY), and a dropped
 * pub/sub connection (everything forgotten).
 */
describe('POST /v1/widget/init: returning visitors answered from the node cache', () => {
  let nodeA: FastifyInstance;
  let nodeB: FastifyInstance;
  let depsA: ReturnType<typeof infra.deps>;
  let shop: SeededWidget;
  let worker: BotReplyWorker;
  const messages = () => createRepositories(infra.db).messages;

  /** Stores a message without telling anyone: what the cache would miss without an event. */
  const appendQuietly = (conversationId: string, senderId: string, content: string) =>
    messages().append(shop.orgId, { conversationId, senderType: 'end_user', senderId, content });

  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'cache');
    depsA = infra.deps();
    nodeA = await buildApp(depsA, { logger: false });
    nodeB = await buildApp(infra.deps(), { logger: false });
    await Promise.all([nodeA.ready(), nodeB.ready()]);
    worker = await startWorkerFor(nodeB, infra);
  });
  afterAll(async () => {
    await worker.close();
    await Promise.all([nodeA.close(), nodeB.close()]);
  });

  it('a second resume on a node is answered from its cache, token included', async () => {
    const first = await initOk(nodeA, { embed_token: shop.embedToken });
    await appendQuietly(first.conversation_id, first.visitor_id, 'one');
    const resumed = await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id });
    expect(resumed.messages.map((m) => m.content)).toEqual(['one']);
    // Written behind the platform's back (no event): the node keeps answering what it has.
    await appendQuietly(first.conversation_id, first.visitor_id, 'two');
    const again = await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id });
    expect(again.messages.map((m) => m.content)).toEqual(['one']);
    expect(again.token).toBe(resumed.token);
    // The other node has nothing cached for this visitor and reads the database.
    const other = await initOk(nodeB, { embed_token: shop.embedToken, session_id: first.visitor_id });
    expect(other.messages.map((m) => m.content)).toEqual(['one', 'two']);
  });

  it('a message stored anywhere reaches the next resume on every node at once', async () => {
    const first = await initOk(nodeA, { embed_token: shop.embedToken });
    await appendQuietly(first.conversation_id, first.visitor_id, 'before');
    await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id });
    // A visitor message sent through node B: stored, then published to every node.
    const sent = await nodeB.inject({
      method: 'POST',
      url: '/v1/widget/messages',
      headers: { authorization: `Bearer ${first.token}`, origin: 'https://shop.example.com' },
      payload: { content: 'sent through node B', client_message_id: 'cache-1' },
    });
    expect(sent.statusCode).toBe(200);
    const { reply } = sent.json() as { reply: { content: string } };
    // Both the visitor's message and the bot's answer (stored by the bot worker, published too).
    const contents = async () => (await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id })).messages.map((m) => m.content);
    await waitFor(async () => (await contents()).length === 3);
    expect(await contents()).toEqual(['before', 'sent through node B', reply.content]);
  });

  it('the event alone is what refreshes it: a published message event drops the entry', async () => {
    const first = await initOk(nodeA, { embed_token: shop.embedToken });
    await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id });
    const stored = await appendQuietly(first.conversation_id, first.visitor_id, 'announced later');
    if (stored.kind !== 'created') throw new Error('not stored');
    expect((await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id })).messages).toEqual([]);
    await nodeB.events.publish(
      Topics.messageCreated,
      { orgId: shop.orgId, conversationId: first.conversation_id, sessionId: stored.message.sessionId, message: toWidgetMessage(stored.message) },
      { requestId: 'test' },
    );
    await waitFor(async () => (await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id })).messages.length === 1);
  });

  it("an identity change on another node is seen at once: the anonymous id no longer resumes the set-aside conversation", async () => {
    const signer = await registeredApp(infra.db, shop.orgId);
    const squatter = await initOk(nodeA, { embed_token: shop.embedToken, session_id: 'customer-cache' });
    await initOk(nodeA, { embed_token: shop.embedToken, session_id: 'customer-cache' });
    // The real user verifies through node B: the anonymous end user is renamed aside (a NOTIFY).
    const real = await initOk(nodeB, { embed_token: shop.embedToken, identity_assertion: await signer.assertion({ userId: 'customer-cache' }) });
    expect(real.conversation_id).not.toBe(squatter.conversation_id);
    await waitFor(async () => (await init(nodeA, { embed_token: shop.embedToken, session_id: 'customer-cache' })).statusCode === 401);
    expectError(await init(nodeA, { embed_token: shop.embedToken, session_id: 'customer-cache' }), 401, 'UNAUTHENTICATED');
  });

  it('when the pub/sub connection drops, the node forgets what it kept', async () => {
    const first = await initOk(nodeA, { embed_token: shop.embedToken });
    await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id });
    await appendQuietly(first.conversation_id, first.visitor_id, 'while nobody listened');
    expect((await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id })).messages).toEqual([]);
    // A network drop: ioredis reconnects and subscribes again, but what was published meanwhile is gone.
    depsA.redis.subscriber.stream.destroy();
    await waitFor(async () => (await initOk(nodeA, { embed_token: shop.embedToken, session_id: first.visitor_id })).messages.length === 1);
    await waitFor(async () => depsA.redis.subscriber.status === 'ready');
  });

  it('a conversation_id that is not the cached one is still 404', async () => {
    const mine = await initOk(nodeA, { embed_token: shop.embedToken });
    const theirs = await initOk(nodeA, { embed_token: shop.embedToken });
    await initOk(nodeA, { embed_token: shop.embedToken, session_id: mine.visitor_id });
    const res = await init(nodeA, { embed_token: shop.embedToken, session_id: mine.visitor_id, conversation_id: theirs.conversation_id });
    expectError(res, 404, 'CONVERSATION_NOT_FOUND');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
