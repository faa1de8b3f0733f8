import { EventBus, PresenceStore, presenceMember, presenceSubject, QueueRegistry } from '@parley/bus';
import { requestBotReply } from '@parley/bot';
import { Queues } from '@parley/contracts';
import { pushJobId, PUSH_ATTEMPTS, PUSH_BACKOFF_TYPE } from '@parley/push';
import { useTestInfra } from '@parley/testing';
import { buildApp as buildConversation } from '../../conversation/src/app';
import { buildApp } from '../src/app';
import { eventually, say, seedMobileOrg } from './fixtures';
import { devicesFor, settled, startPushHarness, type PushHarness } from './push-harness';

const infra = useTestInfra();
// Push delays, retries and lock expiry take seconds by design; `npm test` (all projects in one
// run) does not apply the preset's testTimeout, so this file sets its own.
jest.setTimeout(30_000);
const quiet = { warn: () => undefined, error: () => undefined };

/**
 * The producer side across services: the conversation service's bot worker stores an answer and
 * schedules its push; the notification service decides, when the job runs, whether to send it.
 */
describe('bot answers reach the visitor’s phone', () => {
  let harness: PushHarness;
  beforeAll(async () => {
    harness = await startPushHarness();
  });
  afterAll(() => harness.close());

  it('schedules a push for each stored bot answer, sent only while the visitor is away', async () => {
    const org = await seedMobileOrg(infra.db, 'bot-push');
    await org.repos.knowledge.create(org.orgId, { botId: org.bot.id, title: 'Opening hours', body: 'We are open from 9 to 5 on weekdays.' });
    await harness.configure(infra.db, org);
    const token = 'fcm-bot-' + 'b'.repeat(150);
    await devicesFor(infra.db, org, [{ platform: 'fcm', token }]);
    const conversation = await buildConversation(infra.deps(), { logger: false, workersEnabled: true });
    const notification = await buildApp(infra.deps(), harness.appOptions());
    await Promise.all([conversation.ready(), notification.ready()]);
    const d = infra.deps();
    const gateway = { events: new EventBus(d.redis.redis, d.redis.subscriber, d.redis.ns, quiet), queues: new QueueRegistry(d.redis.queueConnection, d.redis.ns) };
    const queue = notification.queues.get(Queues.pushNotifications).queue;
    const presence = new PresenceStore(infra.redis.redis, infra.redis.ns);
    const member = presenceMember('gw', 's1');
    const ask = async (question: string) => {
      const trigger = await say(org, 'end_user', question);
      const reply = await requestBotReply(gateway, { orgId: org.orgId, conversationId: org.conversation.id, botId: org.bot.id, triggerMessageId: trigger.id, requestId: 'req' });
      const done = await reply.done;
      return done.message!.id;
    };

    await presence.connect(presenceSubject.endUser(org.orgId, org.endUser.id), member, 30_000);
    const seen = await ask('What are your opening hours?');
    // The completion reaches the visitor first; the push is scheduled when the bot's job ends.
    const job = await eventually(async () => queue.getJob(pushJobId(seen)), 5000, 'the push job');
    expect(job.opts).toMatchObject({ attempts: PUSH_ATTEMPTS, backoff: { type: PUSH_BACKOFF_TYPE }, delay: 2000 });
    expect(await settled(queue, pushJobId(seen))).toMatchObject({ state: 'completed', result: { skipped: 'end_user_online' } });

    await presence.disconnect(presenceSubject.endUser(org.orgId, org.endUser.id), member);
    const away = await ask('opening hours on weekdays?');
    expect((await settled(queue, pushJobId(away))).result).toMatchObject({ sent: 1 });
    expect(harness.fcm.sends.items.filter((s) => s.message.token === token).map((s) => s.message.notification.body)).toEqual(['We are open from 9 to 5 on weekdays.']);

    await gateway.queues.close();
    await gateway.events.close();
    await Promise.all([conversation.close(), notification.close()]);
  });
});
