import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { BotReplyWorker } from '@parley/bot';
import { knowledgeRepository } from '@parley/db';
import { startOpenAiServer, useTestInfra, type OpenAiServer } from '@parley/testing';
import { buildApp } from '../src/app';
import { initOk, seedWidget, SITE } from './fixtures';
import { openStream, parseSse, startWorkerFor } from './message-turns';

const infra = useTestInfra();

const RETURNS = 'Returns are free within 30 days of delivery. Print the label from your order page and drop the parcel at any post office.';

describe('POST /v1/widget/messages/stream and /v1/widget/messages', () => {
  let app: FastifyInstance;
  let worker: BotReplyWorker;
  let llm: OpenAiServer;
  let port: number;

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false, sseHeartbeatMs: 50 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
    worker = await startWorkerFor(app, infra);
    llm = await startOpenAiServer({
      script: (req) => {
        const last = String(req.body?.messages?.at(-1)?.content ?? '');
        if (last.includes('fail')) return { kind: 'error', status: 500, message: 'boom' };
        if (last.includes('stall')) return { kind: 'stream', chunks: ['Thinking'], then: 'stall' };
        if (last.includes('slow')) return { kind: 'stream', chunks: ['one ', 'two ', 'three ', 'four'], delayMs: 400 };
        return { kind: 'stream', chunks: ['Hello', ' from', ' the', ' model.'], delayMs: 5 };
      },
    });
  });
  afterAll(async () => {
    await worker.close();
    await llm.close();
    await app.close();
  });

  async function knowledgeVisitor(label: string, bot: Record<string, unknown> = {}) {
    const w = await seedWidget(infra.db, label, { bot });
    await knowledgeRepository(infra.db).create(w.orgId, { botId: w.botId, title: 'Returns and refunds', body: RETURNS, tags: ['returns'] });
    return { w, visitor: await initOk(app, { embed_token: w.embedToken }, { origin: SITE }) };
  }

  const stream = (token: string, payload: object) =>
    app.inject({ method: 'POST', url: '/v1/widget/messages/stream', headers: { authorization: `Bearer ${token}` }, payload });

  it('streams message, then tokens in order, then done with the stored answer', async () => {
    const { visitor } = await knowledgeVisitor('sse');
    const res = await stream(visitor.token, { content: 'How do returns work?', client_message_id: 'c-1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    const events = parseSse(res.body).filter((e) => e.event !== 'comment');
    expect(events[0]).toMatchObject({ event: 'message', data: { content: 'How do returns work?', sender_type: 'end_user', seq: 1 } });
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.length).toBeGreaterThan(2);
    expect(tokens.map((t) => t.data.index)).toEqual(tokens.map((_, i) => i));
    const done = events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', data: { sender_type: 'bot', seq: 2 } });
    expect(tokens.map((t) => t.data.delta).join('')).toBe(done.data.content);
    expect(done.data.content).toContain('30 days');
  });

  it('a retried client_message_id stores one message and one answer', async () => {
    const { visitor } = await knowledgeVisitor('retry');
    const first = parseSse((await stream(visitor.token, { content: 'returns?', client_message_id: 'same' })).body);
    const again = parseSse((await stream(visitor.token, { content: 'returns?', client_message_id: 'same' })).body);
    const pick = (events: typeof first, name: string) => events.find((e) => e.event === name)?.data;
    expect(pick(again, 'message').id).toBe(pick(first, 'message').id);
    expect(pick(again, 'done').id).toBe(pick(first, 'done').id);
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id } })).toBe(2);
  });

  it('answers /messages as one JSON document', async () => {
    const { visitor } = await knowledgeVisitor('json');
    const res = await app.inject({
      method: 'POST',
      url: '/v1/widget/messages',
      headers: { authorization: `Bearer ${visitor.token}` },
      payload: { content: 'Tell me about returns' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ message: { seq: 1, sender_type: 'end_user' }, reply: { seq: 2, sender_type: 'bot' }, handoff: false });
  });

  it('sends handoff and no bot answer while a human agent holds the conversation', async () => {
    const { w, visitor } = await knowledgeVisitor('handoff');
    await stream(visitor.token, { content: 'returns' });
    const agent = await infra.db.user.create({
      data: { organizationId: w.orgId, email: 'agent@handoff.test', displayName: 'Ana', role: 'agent', passwordHash: 'x' },
    });
    await infra.db.conversationSession.updateMany({
      where: { conversationId: visitor.conversation_id, status: 'open' },
      data: { assignedAgentId: agent.id, assignedAt: new Date() },
    });
    const events = parseSse((await stream(visitor.token, { content: 'are you a human?' })).body).filter((e) => e.event !== 'comment');
    expect(events.map((e) => e.event)).toEqual(['message', 'handoff']);
    expect(events[1]!.data).toEqual({ conversation_id: visitor.conversation_id, assigned_agent_id: agent.id });
  });

  it('ends with error and a stored fallback when the provider fails or stalls', async () => {
    const w = await seedWidget(infra.db, 'llm', {
      bot: { provider: 'openai', providerSettings: { baseUrl: llm.url, model: 'test-model', timeoutMs: 300, idleTimeoutMs: 300 } },
    });
    const visitor = await initOk(app, { embed_token: w.embedToken }, { origin: SITE });
    const ok = parseSse((await stream(visitor.token, { content: 'hi' })).body);
    expect(ok.filter((e) => e.event === 'token').map((e) => e.data.delta).join('')).toBe('Hello from the model.');
    for (const [content, code] of [['please fail', 'PROVIDER_UNAVAILABLE'], ['please stall', 'PROVIDER_TIMEOUT']] as const) {
      const started = Date.now();
      const events = parseSse((await stream(visitor.token, { content })).body).filter((e) => e.event !== 'comment');
      expect(Date.now() - started).toBeLessThan(5000);
      const error = events.find((e) => e.event === 'error');
      expect(error?.data.code).toMatch(code === 'PROVIDER_TIMEOUT' ? /PROVIDER_TIMEOUT/ : /PROVIDER_(UNAVAILABLE|ERROR)/);
      expect(events.at(-1)).toMatchObject({ event: 'done', data: { sender_type: 'bot' } });
    }
  });

  it('stops the generation when the visitor disconnects, and sends heartbeats while waiting', async () => {
    const w = await seedWidget(infra.db, 'gone', {
      bot: { provider: 'openai', providerSettings: { baseUrl: llm.url, model: 'm', timeoutMs: 2000, idleTimeoutMs: 2000 } },
    });
    const visitor = await initOk(app, { embed_token: w.embedToken }, { origin: SITE });
    const before = llm.requests.length;
    const client = openStream(port, visitor.token, { content: 'be slow please' });
    await client.response;
    const upstream = (await llm.waitForRequests(before + 1))[before]!;
    await new Promise((r) => setTimeout(r, 450));
    expect(parseSse(client.text()).some((e) => e.event === 'comment')).toBe(true);
    expect(parseSse(client.text()).some((e) => e.event === 'token')).toBe(true);
    client.abort();
    await expect(upstream.closed).resolves.toEqual({ early: true });
    // Cancelled answers are not stored: only the visitor's message is there.
    await new Promise((r) => setTimeout(r, 100));
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id, senderType: 'bot' } })).toBe(0);
  });

  it('refuses a flooding conversation with 429 once its budget is spent, storing nothing', async () => {
    const { visitor } = await knowledgeVisitor('flood', { budgetBurst: 2, budgetRefillPerMin: 1, budgetDailyCap: 100 });
    for (let i = 0; i < 2; i++) expect((await stream(visitor.token, { content: `returns ${i}` })).statusCode).toBe(200);
    const res = await stream(visitor.token, { content: 'returns again' });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id, senderType: 'end_user' } })).toBe(2);
  });

  it('a retried send (same client_message_id) does not spend the budget again', async () => {
    const { visitor } = await knowledgeVisitor('retries', { budgetBurst: 2, budgetRefillPerMin: 1, budgetDailyCap: 100 });
    // A flaky network: the widget resends its first message four times.
    for (let i = 0; i < 5; i++) expect((await stream(visitor.token, { content: 'returns?', client_message_id: 'cm-1' })).statusCode).toBe(200);
    // The second real message still fits the burst of 2: the retries gave their tokens back.
    expect((await stream(visitor.token, { content: 'and exchanges?', client_message_id: 'cm-2' })).statusCode).toBe(200);
    expect((await stream(visitor.token, { content: 'one more', client_message_id: 'cm-3' })).statusCode).toBe(429);
    expect(await infra.db.message.count({ where: { conversationId: visitor.conversation_id, senderType: 'end_user' } })).toBe(2);
  });

  it('answers malformed bodies and missing tokens with 4xx codes', async () => {
    const { visitor } = await knowledgeVisitor('bad');
    expect((await stream(visitor.token, { text: 'x' })).json().code).toBe('VALIDATION_FAILED');
    expect((await stream(visitor.token, { content: 'x', content_type: 'image', rich_media: { url: 'javascript:alert(1)' } })).statusCode).toBe(400);
    const none = await app.inject({ method: 'POST', url: '/v1/widget/messages/stream', payload: { content: 'x' } });
    expect(none.statusCode).toBe(401);
  });
});
