import type { PoolClient } from 'pg';
import type { AckPayload } from '@parley/contracts';
import { poolOf } from '@parley/db';
import { useTestInfra } from '@parley/testing';
import { initOk, seedWidget } from './fixtures';
import { call, closeSockets, connect, connected, next, startNode, type Node } from './realtime-fixtures';

const infra = useTestInfra();

describe('Socket.IO: a node whose database pool is exhausted', () => {
  let node: Node;
  beforeAll(async () => {
    node = await startNode(infra);
  });
  afterEach(() => closeSockets());
  afterAll(() => node.app.close());

  it('refuses a send with DEPENDENCY_UNAVAILABLE and retry_after, and the retry stores it once', async () => {
    const shop = await seedWidget(infra.db, 'overload');
    const visitor = await initOk(node.app, { embed_token: shop.embedToken });
    const socket = await connected(connect(node.url, { auth: { token: visitor.token } }));
    await call(socket, 'send_message', { content: 'first', sender_type: 'end_user' });

    // Every pooled connection busy (what a node far behind its load looks like), for longer than
    // the pool's connection wait.
    const pool = poolOf(node.app.db);
    const held: PoolClient[] = await Promise.all(Array.from({ length: pool.options.max ?? 5 }, () => pool.connect()));
    const send = { content: 'while busy', sender_type: 'end_user', client_message_id: 'retry-me' };
    const errorEvent = next(socket, 'error', () => true, 10_000);
    const refused = (await socket.timeout(10_000).emitWithAck('send_message', send)) as AckPayload;
    for (const c of held) c.release();

    // Not INTERNAL: the client can tell overload from a bug, and knows when to try again.
    expect(refused).toEqual({ ok: false, error: { code: 'DEPENDENCY_UNAVAILABLE', message: expect.any(String), retry_after: 1 } });
    expect(await errorEvent).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retry_after: 1 });

    const stored = await call(socket, 'send_message', send);
    expect(stored).toMatchObject({ seq: 2, duplicate: false });
    expect(await call(socket, 'send_message', send)).toMatchObject({ id: stored.id, seq: 2, duplicate: true });
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id, clientMessageId: 'retry-me' } })).toBe(1);
  });
});
