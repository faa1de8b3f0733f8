import { Queues, Topics } from '@parley/contracts';
import { pushJobId } from '@parley/push';
import { eventually, useTestInfra } from '@parley/testing';
import { initOk, seedWidget, type SeededWidget } from './fixtures';
import { CONSOLE, call, closeSockets, connect, connected, next, record, seedAgent, startNode, type Node } from './realtime-fixtures';

const infra = useTestInfra();

/** The reference's assignment flow, with the two sides on different gateway nodes. */
describe('Socket.IO: the assignment flow across two nodes', () => {
  let a: Node;
  let b: Node;
  let shop: SeededWidget;
  let other: SeededWidget;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'shop');
    other = await seedWidget(infra.db, 'other');
    [a, b] = await Promise.all([startNode(infra), startNode(infra)]);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await Promise.all([a.app.close(), b.app.close()]);
  });

  it('visitor message → queue update → one claim wins → messages both ways', async () => {
    const visitor = await initOk(a.app, { embed_token: shop.embedToken });
    const [alice, bob, stranger] = await Promise.all([seedAgent(infra, shop.orgId), seedAgent(infra, shop.orgId), seedAgent(infra, other.orgId)]);
    const aliceSocket = await connected(connect(b.url, { origin: CONSOLE, cookie: alice.cookie }));
    const bobSocket = await connected(connect(a.url, { origin: CONSOLE, cookie: bob.cookie }));
    const strangerSocket = await connected(connect(a.url, { origin: CONSOLE, cookie: stranger.cookie }));
    for (const s of [aliceSocket, bobSocket, strangerSocket]) await call(s, 'join_queue');
    const strangerSaw = record(strangerSocket, 'conversation_updated');

    // The end user speaks first, with the reference's payload (external_id, no token needed).
    const endUser = await connected(connect(a.url));
    const updated = [next(aliceSocket, 'conversation_updated'), next(bobSocket, 'conversation_updated')];
    const sent = await call(endUser, 'send_message', {
      conversation_id: visitor.conversation_id,
      content: 'Hello, I need help',
      content_type: 'text',
      sender_type: 'end_user',
      external_id: visitor.visitor_id,
    });
    expect(sent).toMatchObject({ id: expect.any(String), seq: 1, duplicate: false });
    for (const u of await Promise.all(updated)) {
      expect(u).toEqual({ conversation_id: visitor.conversation_id, sender_type: 'end_user', content_type: 'text', content: 'Hello, I need help' });
    }

    // Two agents claim at once: exactly one wins, both queues hear it, the loser gets `error`.
    const assigned = [next(aliceSocket, 'conversation_assigned'), next(bobSocket, 'conversation_assigned')];
    const errors = { alice: record(aliceSocket, 'error'), bob: record(bobSocket, 'error') };
    const claims = await Promise.allSettled([
      call(aliceSocket, 'claim_conversation', { conversation_id: visitor.conversation_id }),
      call(bobSocket, 'claim_conversation', { conversation_id: visitor.conversation_id }),
    ]);
    const won = claims.filter((c) => c.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = claims[0]!.status === 'fulfilled' ? { socket: aliceSocket, id: alice.userId, loser: 'bob' } : { socket: bobSocket, id: bob.userId, loser: 'alice' };
    const lost = claims.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'ALREADY_ASSIGNED' });
    for (const e of await Promise.all(assigned)) expect(e).toEqual({ conversation_id: visitor.conversation_id, assigned_to: winner.id });
    expect(errors[winner.loser as 'alice' | 'bob']).toEqual([{ code: 'ALREADY_ASSIGNED', message: expect.any(String) }]);

    // The winner joined conv:{id}: the end user's next message reaches them, and theirs the end user.
    const toAgent = next(winner.socket, 'message_received', (m) => m.content === 'Are you there?');
    await call(endUser, 'send_message', { conversation_id: visitor.conversation_id, content: 'Are you there?', sender_type: 'end_user', external_id: visitor.visitor_id });
    expect(await toAgent).toMatchObject({ conversation_id: visitor.conversation_id, sender_type: 'end_user', sender_id: visitor.visitor_id, seq: 2, session_id: expect.any(String) });
    const toUser = next(endUser, 'message_received', (m) => m.sender_type === 'agent');
    const reply = await call(winner.socket, 'send_message', { conversation_id: visitor.conversation_id, content: 'Hi! How can I help?', sender_type: 'agent' });
    expect(await toUser).toMatchObject({ id: reply.id, seq: 3, sender_type: 'agent', sender_id: winner.id, content: 'Hi! How can I help?' });
    // The agent's message may need to reach the visitor's phone: a push job is scheduled for it.
    expect(await a.app.queues.get(Queues.pushNotifications).queue.getJob(pushJobId(reply.id))).toBeDefined();
    expect(strangerSaw).toEqual([]);
  });

  it('a resend with the same client_message_id returns the first result and stores one message', async () => {
    const visitor = await initOk(a.app, { embed_token: shop.embedToken });
    const created: string[] = [];
    await a.app.events.subscribe(Topics.conversationCreated, (e) => void created.push(e.conversationId));
    const socket = await connected(connect(b.url, { auth: { token: visitor.token } }));
    const body = { content: 'once', sender_type: 'end_user', client_message_id: 'cm-1' };
    const first = await call(socket, 'send_message', body);
    const again = await call(socket, 'send_message', body);
    expect(again).toMatchObject({ id: first.id, seq: first.seq, duplicate: true });
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id } })).toBe(1);
    await call(socket, 'send_message', { content: 'twice', sender_type: 'end_user' });
    // For integrators (webhooks) the conversation starts with its first message, once.
    await eventually(() => expect(created.filter((id) => id === visitor.conversation_id)).toEqual([visitor.conversation_id]));
  });

  it('keeps organizations and conversations apart', async () => {
    const mine = await initOk(a.app, { embed_token: shop.embedToken });
    const theirs = await initOk(a.app, { embed_token: shop.embedToken });
    const stranger = await seedAgent(infra, other.orgId);
    const strangerSocket = await connected(connect(a.url, { origin: CONSOLE, cookie: stranger.cookie }));
    await expect(call(strangerSocket, 'join_conversation', { conversation_id: mine.conversation_id })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    await expect(call(strangerSocket, 'claim_conversation', { conversation_id: mine.conversation_id })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    // An end user's external id opens their own conversation only.
    const endUser = await connected(connect(a.url));
    await expect(call(endUser, 'join_conversation', { conversation_id: theirs.conversation_id, external_id: mine.visitor_id })).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    await expect(call(endUser, 'join_queue')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A widget token is scoped to its conversation.
    const tokenSocket = await connected(connect(a.url, { auth: { token: mine.token } }));
    await expect(call(tokenSocket, 'send_message', { conversation_id: theirs.conversation_id, content: 'x', sender_type: 'end_user' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    // Only events of joined rooms arrive.
    const seen = record(endUser, 'message_received');
    await call(tokenSocket, 'send_message', { content: 'private', sender_type: 'end_user' });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([]);
  });

  it('refuses a handshake from a page on an origin nobody lists, and agent cookies from widget origins', async () => {
    const refused = connect(a.url, { origin: 'https://evil.example' });
    await expect(connected(refused)).rejects.toBeTruthy();
    const alice = await seedAgent(infra, shop.orgId);
    // The cookie rides along from a widget's page: it does not make the connection an agent's.
    const hijack = await connected(connect(a.url, { cookie: alice.cookie }));
    await expect(call(hijack, 'join_queue')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const bad = connect(a.url, { auth: { token: 'not-a-token' } });
    await expect(connected(bad)).rejects.toMatchObject({ data: { code: 'TOKEN_INVALID' } });
  });

  it('refuses malformed events with a code, never storing anything', async () => {
    const visitor = await initOk(a.app, { embed_token: shop.embedToken });
    const socket = await connected(connect(a.url, { auth: { token: visitor.token } }));
    await expect(call(socket, 'send_message', { content: 42, sender_type: 'end_user' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(call(socket, 'mark_read', { conversation_id: 'nope', message_ids: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id } })).toBe(0);
  });
});
