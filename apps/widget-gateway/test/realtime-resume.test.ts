import path from 'node:path';
import WebSocket from 'ws';
import { createRepositories } from '@parley/db';
import { startServiceMain, useTestInfra, type RunningService } from '@parley/testing';
import { SITE, initOk, seedWidget, type SeededWidget } from './fixtures';
import { CONSOLE, call, closeSockets, connect, connected, next, pause, record, seedAgent, startNode, type Node } from './realtime-fixtures';

const infra = useTestInfra();

describe('Never a lost or doubled message: resume by seq, node failure, plain WebSocket', () => {
  let b: Node;
  let shop: SeededWidget;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'shop');
    b = await startNode(infra);
  });
  afterEach(() => closeSockets());
  afterAll(() => b.app.close());

  const appendFromAgent = (conversationId: string, n: number) =>
    createRepositories(infra.db).messages.append(shop.orgId, { conversationId, senderType: 'bot', senderId: shop.botId, content: `missed ${n}` });

  it('the handshake and join_conversation replay everything after last_seq, in order, then live messages', async () => {
    const visitor = await initOk(b.app, { embed_token: shop.embedToken });
    for (let i = 1; i <= 5; i++) await appendFromAgent(visitor.conversation_id, i);
    const socket = connect(b.url, { auth: { token: visitor.token, last_seq: 2 } });
    const got = record<{ seq: number }>(socket, 'message_received');
    await connected(socket);
    await pause(300);
    expect(got.map((m) => m.seq)).toEqual([3, 4, 5]);
    await call(socket, 'send_message', { content: 'live', sender_type: 'end_user' });
    await pause(200);
    expect(got.map((m) => m.seq)).toEqual([3, 4, 5, 6]);
    // Joining again from an older position sends only what this connection lacks... from that position.
    const again = await call(socket, 'join_conversation', { conversation_id: visitor.conversation_id, last_seq: 4 });
    expect(again).toEqual({ conversation_id: visitor.conversation_id, last_seq: 6 });
    await pause(200);
    expect(got.map((m) => m.seq)).toEqual([3, 4, 5, 6, 5, 6]);
  });

  it('a client whose node is killed reconnects to another node and has every message exactly once, in order', async () => {
    let a: RunningService | undefined = await startServiceMain(path.resolve(__dirname, '../src/main.ts'), infra, { CONSOLE_ORIGINS: CONSOLE });
    try {
      const visitor = await initOk(b.app, { embed_token: shop.embedToken });
      const agent = await seedAgent(infra, shop.orgId);
      const endUser = await connected(connect(b.url, { auth: { token: visitor.token } }));
      await call(endUser, 'send_message', { content: 'first', sender_type: 'end_user' });
      const agentSocket = await connected(connect(b.url, { origin: CONSOLE, cookie: agent.cookie }));
      await call(agentSocket, 'claim_conversation', { conversation_id: visitor.conversation_id });

      // The visitor's widget sits on node A (a separate process).
      let seen: { seq: number; id: string }[] = [];
      const onA = connect(a.url, { auth: { token: visitor.token, last_seq: 1 } });
      seen = record(onA, 'message_received');
      await connected(onA);
      // The agent keeps sending while node A dies without a goodbye.
      const sending = (async () => {
        for (let i = 0; i < 40; i++) {
          await call(agentSocket, 'send_message', { conversation_id: visitor.conversation_id, content: `agent ${i}`, sender_type: 'agent' });
          await pause(10);
        }
      })();
      await pause(150);
      await a.kill('SIGKILL');
      a = undefined;
      const lastSeq = Math.max(1, ...seen.map((m) => m.seq));
      const before = seen.slice();
      // The client comes back through the load balancer, which now picks node B.
      const onB = connect(b.url, { auth: { token: visitor.token, last_seq: lastSeq } });
      const after = record<{ seq: number; id: string }>(onB, 'message_received');
      await connected(onB);
      await sending;
      await pause(500);
      const all = [...before, ...after].map((m) => m.seq);
      expect(all).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
      expect(before.length).toBeGreaterThan(0);
    } finally {
      await a?.kill('SIGKILL');
    }
  }, 60_000);

  it('/v1/ws speaks the same events as JSON frames, checks Origin on the upgrade and refuses frames over 64 KB', async () => {
    const visitor = await initOk(b.app, { embed_token: shop.embedToken });
    const wsUrl = `${b.url.replace('http', 'ws')}/v1/ws`;
    await expect(
      new Promise((resolve, reject) => {
        const refused = new WebSocket(wsUrl, { headers: { origin: 'https://evil.example' } });
        refused.on('unexpected-response', (_req, res) => resolve(res.statusCode));
        refused.on('open', () => reject(new Error('opened')));
      }),
    ).resolves.toBe(403);

    const ws = new WebSocket(wsUrl, { headers: { origin: SITE } });
    const frames: { event: string; ack?: number; data: any }[] = [];
    ws.on('message', (raw) => frames.push(JSON.parse(String(raw))));
    await new Promise((r) => ws.once('open', r));
    const waitFor = async (pred: (f: (typeof frames)[number]) => boolean) => {
      for (let i = 0; i < 100 && !frames.some(pred); i++) await pause(20);
      return frames.find(pred)!;
    };
    ws.send(JSON.stringify({ event: 'hello', data: { token: visitor.token, last_seq: 0 }, ack: 1 }));
    expect((await waitFor((f) => f.ack === 1)).data).toEqual({ ok: true, data: { kind: 'visitor' } });
    ws.send(JSON.stringify({ event: 'send_message', data: { content: 'over plain ws', sender_type: 'end_user', client_message_id: 'w1' }, ack: 2 }));
    const acked = await waitFor((f) => f.ack === 2);
    expect(acked.data).toMatchObject({ ok: true, data: { seq: 1 } });
    expect((await waitFor((f) => f.event === 'message_received')).data).toMatchObject({ seq: 1, content: 'over plain ws' });
    ws.send(JSON.stringify({ event: 'join_queue', ack: 3 }));
    expect((await waitFor((f) => f.ack === 3)).data).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ event: 'send_message', data: { content: 'x'.repeat(70 * 1024), sender_type: 'end_user' } }));
    expect(await closed).toBe(1009);
  });

  it('a Socket.IO packet over 64 KB closes the connection and stores nothing', async () => {
    const visitor = await initOk(b.app, { embed_token: shop.embedToken });
    const socket = await connected(connect(b.url, { auth: { token: visitor.token } }));
    const gone = new Promise((r) => socket.once('disconnect', r));
    socket.emit('send_message', { content: 'y'.repeat(70 * 1024), sender_type: 'end_user' });
    await gone;
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id } })).toBe(0);
  });
});
