import { asOrgId, createRepositories } from '@parley/db';
import { EventBus, QueueRegistry } from '@parley/bus';
import { requestBotReply } from '@parley/bot';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

const infra = useTestInfra();
const quiet = { warn: () => undefined, error: () => undefined };

/** A gateway-like node: its own Redis connections in the file's namespace. */
function gatewayNode() {
  const d = infra.deps();
  return { events: new EventBus(d.redis.redis, d.redis.subscriber, d.redis.ns, quiet), queues: new QueueRegistry(d.redis.queueConnection, d.redis.ns) };
}

async function seedQuestion(label: string, question: string) {
  const repos = createRepositories(infra.db);
  const org = await repos.organizations.create({ name: label, slug: `${label}-${Date.now()}` });
  const orgId = asOrgId(org.id);
  const bot = await repos.bots.create(orgId, { name: 'Helper' });
  await repos.knowledge.create(orgId, { botId: bot.id, title: 'Opening hours', body: 'We are open from 9 to 5 on weekdays.' });
  const channel = (await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: 'Web' }))!;
  const endUser = await repos.endUsers.upsert(orgId, 'v1');
  const conversation = (await repos.conversations.getOrCreate(orgId, { channelId: channel.id, endUserId: endUser.id, botId: bot.id }))!;
  const sent = await repos.messages.append(orgId, { conversationId: conversation.id, senderType: 'end_user', senderId: 'v1', content: question });
  if (sent.kind !== 'created') throw new Error('not stored');
  return { orgId, conversationId: conversation.id, botId: bot.id, triggerMessageId: sent.message.id, requestId: `req-${label}` };
}

describe('conversation: the bot worker', () => {
  const gateway = { events: undefined as unknown as EventBus, queues: undefined as unknown as QueueRegistry };
  beforeAll(() => Object.assign(gateway, gatewayNode()));
  afterAll(async () => {
    await gateway.queues.close();
    await gateway.events.close();
  });

  it('answers bot replies when workers are enabled, and stops taking jobs once the app closes', async () => {
    const app = await buildApp(infra.deps(), { logger: false, workersEnabled: true, botWorkerConcurrency: 2 });
    await app.ready();
    const reply = await requestBotReply(gateway, await seedQuestion('on', 'What are your opening hours?'));
    expect(await reply.done).toMatchObject({ status: 'ok', message: { content: 'We are open from 9 to 5 on weekdays.', seq: 2 } });
    await app.close();

    const after = await requestBotReply(gateway, { ...(await seedQuestion('closed', 'opening hours?')), inactivityTimeoutMs: 300 });
    expect(await after.done).toMatchObject({ status: 'error', error: { code: 'BOT_REPLY_TIMEOUT' } });
  });

  it('runs no worker by default (API-only replicas, most tests)', async () => {
    const app = await buildApp(infra.deps(), { logger: false });
    await app.ready();
    const reply = await requestBotReply(gateway, { ...(await seedQuestion('off', 'opening hours?')), inactivityTimeoutMs: 300 });
    expect(await reply.done).toMatchObject({ status: 'error', error: { code: 'BOT_REPLY_TIMEOUT' } });
    await app.close();
  });
});
