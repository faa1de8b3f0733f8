import { randomBytes, randomUUID } from 'node:crypto';
import { Queues, Topics, type TopicPayload } from '@parley/contracts';
import { EventBus, QueueRegistry } from '@parley/bus';
import { createCipherKeyring } from '@parley/security';
import { startOpenAiServer, useTestInfra, type OpenAiPlan, type OpenAiServer } from '@parley/testing';
import { BotReplies, botReplyJobId, requestBotReply, startBotReplyWorker, type BotReplyCompleted, type BotReplyWorker } from '../src';
import { SHOP_ARTICLES } from './knowledge-fixtures';
import { seedBot } from './seed';

const infra = useTestInfra();
const log = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const cipher = createCipherKeyring(`t1:${randomBytes(32).toString('base64url')}`);
const ARTICLES = SHOP_ARTICLES.map(({ id: _id, ...a }) => a);

type Delta = TopicPayload<typeof Topics.botReplyDelta>;

function until<T>(fn: () => T | undefined | false, ms = 3000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = fn();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() - started > ms) return reject(new Error('timed out'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('bot reply pipeline (worker node + gateway nodes over one Redis namespace)', () => {
  let llm: OpenAiServer;
  let plan: OpenAiPlan = { kind: 'stream', chunks: ['ok'] };
  let worker: BotReplyWorker;
  const buses: EventBus[] = [];
  let gateway: { events: EventBus; queues: QueueRegistry };
  let otherNode: EventBus;
  const created: { payload: TopicPayload<typeof Topics.messageCreated>; requestId: string }[] = [];
  const updated: TopicPayload<typeof Topics.conversationUpdated>[] = [];
  const completions: BotReplyCompleted[] = [];

  /** Each "node" gets its own Redis connections in the file's namespace, as separate processes would. */
  const node = () => {
    const d = infra.deps();
    const events = new EventBus(d.redis.redis, d.redis.subscriber, d.redis.ns, log);
    buses.push(events);
    return { d, events };
  };

  beforeAll(async () => {
    llm = await startOpenAiServer({ script: () => plan });
    const w = node();
    worker = await startBotReplyWorker({ db: w.d.db, events: w.events, connection: w.d.redis.queueConnection, ns: w.d.redis.ns, cipher, log, concurrency: 4 });
    const g = node();
    gateway = { events: g.events, queues: new QueueRegistry(g.d.redis.queueConnection, g.d.redis.ns) };
    otherNode = node().events;
    await gateway.events.subscribe(Topics.messageCreated, (payload, meta) => void created.push({ payload, requestId: meta.requestId }));
    await gateway.events.subscribe(Topics.conversationUpdated, (payload) => void updated.push(payload));
    await otherNode.subscribe(Topics.botReplyCompleted, (payload) => void completions.push(payload));
  });
  afterAll(async () => {
    await worker.close();
    await gateway.queues.close();
    await Promise.all(buses.map((b) => b.close()));
    await llm.close();
  });

  async function ask(seed: Awaited<ReturnType<typeof seedBot>>, question: string, requestId = `req-${randomUUID()}`) {
    const trigger = await seed.visitorSays(question);
    const deltas: { delta: string; index: number; at: number }[] = [];
    const started = Date.now();
    const handle = await requestBotReply(
      gateway,
      { orgId: seed.orgId, conversationId: seed.conversation.id, botId: seed.bot.id, triggerMessageId: trigger.id, requestId },
      { onDelta: (delta, index) => deltas.push({ delta, index, at: Date.now() - started }) },
    );
    return { trigger, handle, deltas, requestId };
  }

  it('answers from knowledge: ordered deltas, the stored message with the next seq, and the conversation events', async () => {
    const seed = await seedBot(infra.db, 'kb', { articles: ARTICLES });
    const { trigger, handle, deltas, requestId } = await ask(seed, 'How long does express delivery take?');
    const done = await handle.done;

    expect(done).toMatchObject({ status: 'ok', replyId: `reply:${trigger.id}`, conversationId: seed.conversation.id });
    expect(done.message).toMatchObject({ seq: trigger.seq + 1, sender_type: 'bot', sender_id: seed.bot.id });
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.index)).toEqual(deltas.map((_, i) => i));
    expect(deltas.map((d) => d.delta).join('')).toBe(done.message!.content);
    expect(done.message!.content).toContain('Express delivery arrives the next business day');

    const stored = await infra.db.message.findMany({ where: { conversationId: seed.conversation.id }, orderBy: { seq: 'asc' } });
    expect(stored.map((m) => [m.seq, m.senderType])).toEqual([[1, 'end_user'], [2, 'bot']]);
    expect(stored[1]!.clientMessageId).toBe(handle.replyId);

    const event = await until(() => created.find((c) => c.payload.message.id === done.message!.id));
    expect(event.requestId).toBe(requestId);
    expect(event.payload.sessionId).toBe(stored[1]!.sessionId);
    await until(() => updated.find((u) => u.conversationId === seed.conversation.id && u.senderType === 'bot'));
  });

  it('hands off when nothing matches well: says so, stores it, and updates the org queue', async () => {
    const seed = await seedBot(infra.db, 'nomatch', { articles: ARTICLES });
    const { handle, deltas } = await ask(seed, 'Do you offer student discounts?');
    const done = await handle.done;
    expect(done).toMatchObject({ status: 'handoff', message: { content: BotReplies.noMatch, seq: 2 } });
    expect(deltas.map((d) => d.delta).join('')).toBe(BotReplies.noMatch);
    await until(() => updated.find((u) => u.conversationId === seed.conversation.id && u.content === BotReplies.noMatch));
  });

  it('does not answer at all when a human agent owns the conversation', async () => {
    const seed = await seedBot(infra.db, 'agent', { provider: 'openai', providerSettings: { baseUrl: llm.url, model: 'm' } });
    const agent = await seed.repos.users.create(seed.orgId, { email: `a-${randomUUID()}@example.com`, displayName: 'Ann', role: 'agent', passwordHash: 'x' });
    const first = await seed.visitorSays('Hello?');
    await infra.db.conversationSession.update({ where: { id: first.sessionId }, data: { assignedAgentId: agent.id } });
    const before = llm.requests.length;
    const { handle } = await ask(seed, 'Anyone there?');
    expect(await handle.done).toEqual(expect.objectContaining({ status: 'handoff' }));
    expect((await handle.done).message).toBeUndefined();
    expect(llm.requests.length).toBe(before);
    expect(await infra.db.message.count({ where: { conversationId: seed.conversation.id, senderType: 'bot' } })).toBe(0);
  });

  it('answers through an OpenAI-compatible server with the decrypted key, the prompt and the history', async () => {
    const seed = await seedBot(infra.db, 'llm', {
      provider: 'openai',
      prompt: 'You are Shoebot.',
      providerSettings: { baseUrl: llm.url, model: 'tiny' },
      apiKey: { cipher, key: 'sk-live-abc' },
      articles: ARTICLES,
    });
    plan = { kind: 'stream', chunks: ['Hi!'] };
    await (await ask(seed, 'Hello')).handle.done;
    plan = { kind: 'stream', chunks: ['Express ', 'takes ', 'one day.'], delayMs: 5 };
    const { handle, deltas } = await ask(seed, 'How fast is express delivery?');
    const done = await handle.done;
    expect(done).toMatchObject({ status: 'ok', message: { content: 'Express takes one day.', seq: 4 } });
    expect(deltas.map((d) => d.delta)).toEqual(['Express ', 'takes ', 'one day.']);
    const req = llm.requests[llm.requests.length - 1]!;
    expect(req.headers.authorization).toBe('Bearer sk-live-abc');
    const messages = req.body.messages as { role: string; content: string }[];
    expect(messages[0]!.content).toMatch(/^You are Shoebot\./);
    expect(messages[0]!.content).toContain('### Shipping times');
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'How fast is express delivery?' },
    ]);
  });

  it("sends only the bot's historyLimit of earlier turns, and none with a limit of 0", async () => {
    const seed = await seedBot(infra.db, 'llm-limit', { provider: 'openai', providerSettings: { baseUrl: llm.url, model: 'tiny', historyLimit: 1 } });
    plan = { kind: 'stream', chunks: ['One.'] };
    await (await ask(seed, 'First?')).handle.done;
    plan = { kind: 'stream', chunks: ['Two.'] };
    await (await ask(seed, 'Second?')).handle.done;
    await (await ask(seed, 'Third?')).handle.done;
    const limited = llm.requests[llm.requests.length - 1]!.body.messages as { role: string; content: string }[];
    // Four earlier turns exist (First?, One., Second?, Two.); the limit keeps the newest one.
    expect(limited.slice(1)).toEqual([
      { role: 'assistant', content: 'Two.' },
      { role: 'user', content: 'Third?' },
    ]);

    await infra.db.bot.update({ where: { id: seed.bot.id }, data: { providerSettings: { baseUrl: llm.url, model: 'tiny', historyLimit: 0 } } });
    await (await ask(seed, 'Fourth?')).handle.done;
    const none = llm.requests[llm.requests.length - 1]!.body.messages as { role: string; content: string }[];
    expect(none.slice(1)).toEqual([{ role: 'user', content: 'Fourth?' }]);
  });

  it('turns a provider error into an error completion with a stored fallback, without retrying', async () => {
    const seed = await seedBot(infra.db, 'err', { provider: 'openai', providerSettings: { baseUrl: llm.url, model: 'm' } });
    plan = { kind: 'error', status: 500, message: 'boom' };
    const before = llm.requests.length;
    const done = await (await ask(seed, 'Hello?')).handle.done;
    expect(done).toMatchObject({
      status: 'error',
      error: { code: 'PROVIDER_ERROR', message: 'The assistant could not answer' },
      message: { content: BotReplies.fallback, seq: 2, sender_type: 'bot' },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(llm.requests.length).toBe(before + 1);
  });

  it('ends a stalled provider with PROVIDER_TIMEOUT within the bot’s timeout', async () => {
    const seed = await seedBot(infra.db, 'stall', { provider: 'openai', providerSettings: { baseUrl: llm.url, model: 'm', timeoutMs: 300 } });
    plan = { kind: 'stall' };
    const started = Date.now();
    const done = await (await ask(seed, 'Hello?')).handle.done;
    const ms = Date.now() - started;
    expect(done).toMatchObject({ status: 'error', error: { code: 'PROVIDER_TIMEOUT' }, message: { content: BotReplies.fallback } });
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
  });

  it('cancels: the upstream request is aborted, nothing is stored, the worker reports CANCELLED', async () => {
    const seed = await seedBot(infra.db, 'cancel', { provider: 'openai', providerSettings: { baseUrl: llm.url, model: 'm' } });
    plan = { kind: 'stream', chunks: Array.from({ length: 50 }, (_, i) => `w${i} `), delayMs: 50 };
    const { handle, deltas } = await ask(seed, 'Tell me a long story');
    await until(() => deltas.length > 0);
    const upstream = llm.requests[llm.requests.length - 1]!;
    await handle.cancel();
    expect(await handle.done).toMatchObject({ status: 'error', error: { code: 'CANCELLED' } });
    await expect(upstream.closed).resolves.toEqual({ early: true });
    const fromWorker = await until(() => completions.find((c) => c.replyId === handle.replyId));
    expect(fromWorker).toMatchObject({ status: 'error', error: { code: 'CANCELLED' } });
    expect(fromWorker.message).toBeUndefined();
    expect(await infra.db.message.count({ where: { conversationId: seed.conversation.id, senderType: 'bot' } })).toBe(0);
  });

  it('answers a visitor message once, however often the reply is requested', async () => {
    const seed = await seedBot(infra.db, 'once', { articles: ARTICLES });
    const trigger = await seed.visitorSays('Can I return sale items?');
    const request = { orgId: seed.orgId, conversationId: seed.conversation.id, botId: seed.bot.id, triggerMessageId: trigger.id, requestId: 'r1' };
    const [a, b] = await Promise.all([requestBotReply(gateway, request), requestBotReply(gateway, request)]);
    const [doneA, doneB] = await Promise.all([a.done, b.done]);
    expect(doneA.message!.id).toBe(doneB.message!.id);
    // After completion: the stored answer comes back from the finished job.
    const c = await requestBotReply(gateway, request);
    expect((await c.done).message!.id).toBe(doneA.message!.id);
    // Even once the finished job is gone, a new run finds the stored message instead of answering again.
    await gateway.queues.get(Queues.botReplies).queue.remove(botReplyJobId(a.replyId));
    const d = await requestBotReply(gateway, request);
    expect((await d.done).message!.id).toBe(doneA.message!.id);
    expect(await infra.db.message.count({ where: { conversationId: seed.conversation.id, senderType: 'bot' } })).toBe(1);
  });

  it('a fresh message skips the lookup of an earlier job, and two fresh requests still make one answer', async () => {
    const seed = await seedBot(infra.db, 'fresh', { articles: ARTICLES });
    const trigger = await seed.visitorSays('Can I return sale items?');
    const request = { orgId: seed.orgId, conversationId: seed.conversation.id, botId: seed.bot.id, triggerMessageId: trigger.id, requestId: 'r-fresh' };
    const lookups = jest.spyOn(gateway.queues.get(Queues.botReplies).queue, 'getJob');
    try {
      // Two requests both claiming the message is new (a race the gateway cannot rule out): the job id joins them.
      const [a, b] = await Promise.all([requestBotReply(gateway, { ...request, fresh: true }), requestBotReply(gateway, { ...request, fresh: true })]);
      const [doneA, doneB] = await Promise.all([a.done, b.done]);
      expect(lookups).not.toHaveBeenCalled();
      expect(doneA.message!.id).toBe(doneB.message!.id);
      // A retry (not fresh) looks the job up and gets the stored answer back.
      const retry = await requestBotReply(gateway, request);
      expect((await retry.done).message!.id).toBe(doneA.message!.id);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
    expect(await infra.db.message.count({ where: { conversationId: seed.conversation.id, senderType: 'bot' } })).toBe(1);
  });

  it('fans deltas out to every node subscribed in the namespace', async () => {
    const seed = await seedBot(infra.db, 'fanout', { articles: ARTICLES });
    const seenElsewhere: Delta[] = [];
    const unsubscribe = await otherNode.subscribe(Topics.botReplyDelta, (d) => void seenElsewhere.push(d));
    const { handle, deltas } = await ask(seed, 'customs fees for international orders');
    await handle.done;
    await until(() => seenElsewhere.filter((d) => d.replyId === handle.replyId).length === deltas.length);
    expect(seenElsewhere.filter((d) => d.replyId === handle.replyId).map((d) => d.delta)).toEqual(deltas.map((d) => d.delta));
    await unsubscribe();
  });

  it('completes with CONVERSATION_NOT_FOUND for a message that does not exist', async () => {
    const seed = await seedBot(infra.db, 'missing');
    const handle = await requestBotReply(gateway, {
      orgId: seed.orgId,
      conversationId: seed.conversation.id,
      botId: seed.bot.id,
      triggerMessageId: randomUUID(),
      requestId: 'r',
    });
    expect(await handle.done).toMatchObject({ status: 'error', error: { code: 'CONVERSATION_NOT_FOUND' } });
  });
});
