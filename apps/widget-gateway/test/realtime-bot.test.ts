import { knowledgeRepository } from '@parley/db';
import type { BotReplyWorker } from '@parley/bot';
import { useTestInfra } from '@parley/testing';
import { guardedSend } from '../src/realtime/realtime-connections';
import { initOk, seedWidget } from './fixtures';
import { startWorkerFor } from './message-turns';
import { call, closeSockets, connect, connected, next, record, startNode, type Node } from './realtime-fixtures';

const infra = useTestInfra();

const RETURNS =
  'You can return any item within 30 days of delivery for a full refund. Start a return from your order page; ' +
  'we email a prepaid label, and the refund reaches your card within 5 business days after the parcel arrives.';

describe('Socket.IO: bot answers, shutdown and slow consumers', () => {
  let a: Node;
  let b: Node;
  let worker: BotReplyWorker;
  beforeAll(async () => {
    [a, b] = await Promise.all([startNode(infra), startNode(infra)]);
    worker = await startWorkerFor(a.app, infra);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await worker.close();
    await Promise.all([a.app.close(), b.app.close()]);
  });

  it("streams the bot's answer to the room as message_delta, then the stored answer as message_received", async () => {
    const w = await seedWidget(infra.db, 'bot');
    await knowledgeRepository(infra.db).create(w.orgId, { botId: w.botId, title: 'Returns and refunds', body: RETURNS, tags: ['returns'] });
    const visitor = await initOk(b.app, { embed_token: w.embedToken });
    const socket = await connected(connect(b.url, { auth: { token: visitor.token } }));
    const deltas = record<{ delta: string; index: number }>(socket, 'message_delta');
    const answer = next(socket, 'message_received', (m) => m.sender_type === 'bot', 10_000);
    await call(socket, 'send_message', { content: 'How do returns work?', sender_type: 'end_user' });
    const stored = await answer;
    expect(stored).toMatchObject({ seq: 2, sender_type: 'bot', sender_id: w.botId });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.index)).toEqual(deltas.map((_, i) => i));
    expect(deltas.map((d) => d.delta).join('')).toBe(stored.content);
  });

  it('closing a node disconnects its clients first, so they can resume elsewhere', async () => {
    const c = await startNode(infra);
    const w = await seedWidget(infra.db, 'closing');
    const visitor = await initOk(c.app, { embed_token: w.embedToken });
    const socket = await connected(connect(c.url, { auth: { token: visitor.token } }));
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const started = Date.now();
    await c.app.close();
    expect(await gone).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('drops a connection that falls too far behind instead of buffering for it', () => {
    const sent: number[] = [];
    let dropped = '';
    const client = { backlog: () => 2_001, drop: (reason: string) => void (dropped = reason) };
    guardedSend(client, 2_000, () => sent.push(1));
    expect(sent).toEqual([]);
    expect(dropped).toMatch(/slow consumer/);
    guardedSend({ ...client, backlog: () => 10 }, 2_000, () => sent.push(2));
    expect(sent).toEqual([2]);
  });
});
