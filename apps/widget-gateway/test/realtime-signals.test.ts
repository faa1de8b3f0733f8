import { PresenceStore, presenceMember, presenceSubject } from '@parley/bus';
import { createRepositories } from '@parley/db';
import { useTestInfra } from '@parley/testing';
import { initOk, seedWidget, type SeededWidget } from './fixtures';
import { CONSOLE, call, closeSockets, connect, connected, next, pause, record, seedAgent, startNode, type Node } from './realtime-fixtures';

const infra = useTestInfra();

describe('Socket.IO: presence, typing, read receipts and the sender limit', () => {
  let a: Node;
  let b: Node;
  let shop: SeededWidget;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'shop');
    [a, b] = await Promise.all([startNode(infra), startNode(infra)]);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await Promise.all([a.app.close(), b.app.close()]);
  });

  /** A visitor with a conversation in progress and an agent who claimed it, on different nodes. */
  async function conversationWithAgent() {
    const visitor = await initOk(a.app, { embed_token: shop.embedToken });
    const endUser = await connected(connect(a.url, { auth: { token: visitor.token } }));
    const first = await call(endUser, 'send_message', { content: 'hi', sender_type: 'end_user' });
    const agent = await seedAgent(infra, shop.orgId);
    const agentSocket = await connected(connect(b.url, { origin: CONSOLE, cookie: agent.cookie }));
    await call(agentSocket, 'claim_conversation', { conversation_id: visitor.conversation_id });
    return { visitor, endUser, agent, agentSocket, first };
  }

  it('an agent is online while any socket on any node is, with one event per real change', async () => {
    const watcher = await seedAgent(infra, shop.orgId);
    const watching = await connected(connect(a.url, { origin: CONSOLE, cookie: watcher.cookie }));
    const joined = await call(watching, 'join_org_presence');
    expect(joined.online).toContain(watcher.userId);
    const changes = record(watching, 'agent_status_changed');

    const agent = await seedAgent(infra, shop.orgId);
    const online = next(watching, 'agent_status_changed', (e) => e.agent_id === agent.userId);
    const one = await connected(connect(b.url, { origin: CONSOLE, cookie: agent.cookie }));
    expect(await online).toEqual({ agent_id: agent.userId, status: 'online' });
    const two = await connected(connect(a.url, { origin: CONSOLE, cookie: agent.cookie }));
    expect((await call(watching, 'join_org_presence')).online).toEqual(expect.arrayContaining([agent.userId, watcher.userId]));
    one.disconnect();
    await pause(300);
    const offline = next(watching, 'agent_status_changed', (e) => e.agent_id === agent.userId && e.status === 'offline');
    two.disconnect();
    await offline;
    expect(changes.filter((c) => c.agent_id === agent.userId).map((c) => c.status)).toEqual(['online', 'offline']);
  });

  it("a crashed node's agent goes offline when their entry expires", async () => {
    const watcher = await seedAgent(infra, shop.orgId);
    const watching = await connected(connect(a.url, { origin: CONSOLE, cookie: watcher.cookie }));
    await call(watching, 'join_org_presence');
    // What a node that died leaves behind: an entry nobody refreshes, and the agent in the online set.
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const subject = presenceSubject.agent(shop.orgId, ghost);
    await new PresenceStore(infra.redis.redis, infra.redis.ns).connect(subject, presenceMember('dead-node', 's1'), 400);
    await infra.redis.redis.sadd(infra.redis.ns.key('presence-agents'), subject);
    expect(await next(watching, 'agent_status_changed', (e) => e.agent_id === ghost, 4_000)).toEqual({ agent_id: ghost, status: 'offline' });
  });

  it('typing reaches the other side only, then clears after silence or on send', async () => {
    const { visitor, endUser, agentSocket } = await conversationWithAgent();
    const ownEcho = record(endUser, 'typing_indicator');
    const shown = next(agentSocket, 'typing_indicator');
    await call(endUser, 'user_typing', { conversation_id: visitor.conversation_id, sender_type: 'end_user' });
    expect(await shown).toEqual({ conversation_id: visitor.conversation_id, sender_type: 'end_user' });
    expect(await next(agentSocket, 'typing_cleared')).toEqual({ conversation_id: visitor.conversation_id });

    await call(agentSocket, 'user_typing', { conversation_id: visitor.conversation_id, sender_type: 'agent' });
    const cleared = next(endUser, 'typing_cleared');
    await call(agentSocket, 'send_message', { conversation_id: visitor.conversation_id, content: 'done typing', sender_type: 'agent' });
    await cleared;
    expect(ownEcho).toEqual([expect.objectContaining({ sender_type: 'agent' })]);
    await expect(call(endUser, 'user_typing', { conversation_id: visitor.conversation_id, sender_type: 'agent' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('mark_read stores who read what and tells the room', async () => {
    const { visitor, endUser, agent, agentSocket, first } = await conversationWithAgent();
    const told = next(endUser, 'messages_read');
    const marked = await call(agentSocket, 'mark_read', { conversation_id: visitor.conversation_id, message_ids: [first.id] });
    expect(marked.message_ids).toEqual([first.id]);
    expect(await told).toMatchObject({ conversation_id: visitor.conversation_id, reader_type: 'agent', reader_id: agent.userId, message_ids: [first.id] });
    const row = await infra.db.message.findUniqueOrThrow({ where: { id: first.id } });
    expect((row.readBy as Record<string, string>)[agent.userId]).toBe(marked.read_at);
    // Already read: nothing changes, nobody is told again.
    expect((await call(agentSocket, 'mark_read', { conversation_id: visitor.conversation_id, message_ids: [first.id] })).message_ids).toEqual([]);
  });

  it("registers and unregisters the end user's push token over the socket", async () => {
    const mobile = await seedWidget(infra.db, 'mobile');
    const visitor = await initOk(a.app, { embed_token: mobile.embedToken });
    const socket = await connected(connect(b.url, { auth: { token: visitor.token } }));
    const device = { platform: 'fcm', token: 'fcm-token-0123456789' };
    await expect(call(socket, 'register_device', device)).rejects.toMatchObject({ code: 'MOBILE_CHANNEL_MISSING' });
    await createRepositories(infra.db).channels.create(mobile.orgId, { botId: mobile.botId, type: 'mobile_sdk', name: 'App' });
    expect(await call(socket, 'register_device', device)).toMatchObject({ device: { platform: 'fcm', active: true } });
    const row = await infra.db.device.findFirstOrThrow({ where: { token: device.token } });
    expect(row.organizationId).toBe(mobile.orgId);
    expect(await call(socket, 'unregister_device', device)).toEqual({ unregistered: true });
    await expect(call(socket, 'unregister_device', device)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('drops messages beyond the per-sender limit, stores none of them, and says so', async () => {
    const visitor = await initOk(a.app, { embed_token: shop.embedToken });
    await infra.db.bot.update({ where: { id: shop.botId }, data: { budgetBurst: 100 } });
    const socket = await connected(connect(b.url, { auth: { token: visitor.token } }));
    const results = [];
    for (let i = 0; i < 12; i++) {
      results.push(await call(socket, 'send_message', { content: `m${i}`, sender_type: 'end_user' }).then(() => 'ok', (e: { code: string }) => e.code));
    }
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // Like HTTP's Retry-After: when the next message would be accepted.
    await expect(call(socket, 'send_message', { content: 'again', sender_type: 'end_user' })).rejects.toMatchObject({ code: 'RATE_LIMITED', retry_after: expect.any(Number) });
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id, senderType: 'end_user' } })).toBe(10);
  });
});
