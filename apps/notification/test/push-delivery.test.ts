import type { FastifyInstance } from 'fastify';
import { PresenceStore, presenceMember, presenceSubject } from '@parley/bus';
import { Queues } from '@parley/contracts';
import { pushJobId, schedulePush } from '@parley/push';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedMobileOrg, say, sessionFor, type MobileOrg } from './fixtures';
import { devicesFor, settled, startPushHarness, type PushHarness } from './push-harness';

const infra = useTestInfra();
// Push delays, retries and lock expiry take seconds by design; `npm test` (all projects in one
// run) does not apply the preset's testTimeout, so this file sets its own.
jest.setTimeout(30_000);
const FCM_A = 'fcm-a-' + 'x'.repeat(150);
const APNS_A = 'a1'.repeat(32);

describe('pushes to end users’ phones, end to end', () => {
  let harness: PushHarness;
  let app: FastifyInstance;
  const queue = () => app.queues.get(Queues.pushNotifications).queue;
  const push = async (org: MobileOrg, messageId: string) => {
    await schedulePush(app.queues, { orgId: org.orgId, conversationId: org.conversation.id, messageId }, { requestId: `req-${messageId}`, delayMs: 0 });
    return settled(queue(), pushJobId(messageId));
  };
  const sendsTo = (token: string) => harness.fcm.sends.items.filter((s) => s.message.token === token);
  const pushesTo = (token: string) => harness.apns.pushes.items.filter((p) => p.deviceToken === token);

  beforeAll(async () => {
    harness = await startPushHarness();
    app = await buildApp(infra.deps(), harness.appOptions());
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await harness.close();
  });

  async function mobileUser(label: string, tokens: { fcm?: string; apns?: string } = { fcm: FCM_A + label, apns: APNS_A.slice(0, 60) + label.slice(0, 4).padEnd(4, '0') }) {
    const org = await seedMobileOrg(infra.db, label);
    await harness.configure(infra.db, org);
    const devices = await devicesFor(infra.db, org, [
      ...(tokens.fcm ? [{ platform: 'fcm' as const, token: tokens.fcm }] : []),
      ...(tokens.apns ? [{ platform: 'apns' as const, token: tokens.apns }] : []),
    ]);
    return { org, devices, fcmToken: tokens.fcm!, apnsToken: tokens.apns! };
  }

  it('pushes an agent or bot message to every device only while the end user has no live socket', async () => {
    const { org, fcmToken, apnsToken } = await mobileUser('offline');
    const presence = new PresenceStore(infra.redis.redis, infra.redis.ns);
    const subject = presenceSubject.endUser(org.orgId, org.endUser.id);

    await presence.connect(subject, presenceMember('gw-1', 'sock-1'), 30_000);
    const whileOnline = await say(org, 'agent', 'Are you still there?');
    expect(await push(org, whileOnline.id)).toMatchObject({ state: 'completed', result: { skipped: 'end_user_online' } });
    expect(sendsTo(fcmToken).length + pushesTo(apnsToken).length).toBe(0);

    await presence.disconnect(subject, presenceMember('gw-1', 'sock-1'));
    const offline = await say(org, 'bot', 'Your order shipped today.');
    expect(await push(org, offline.id)).toMatchObject({ state: 'completed', result: { sent: 2, deactivated: 0 } });
    expect(sendsTo(fcmToken)[0]!.message).toMatchObject({
      notification: { title: `Helper offline`, body: 'Your order shipped today.' },
      data: { conversation_id: org.conversation.id, message_id: offline.id },
    });
    expect(pushesTo(apnsToken)[0]!.payload.aps).toMatchObject({ alert: { body: 'Your order shipped today.' }, 'thread-id': org.conversation.id });
    expect(pushesTo(apnsToken)[0]!.headers['apns-collapse-id']).toBe(org.conversation.id);

    // The agent's own name is the title of an agent message; visitors' own messages never push.
    const fromAgent = await say(org, 'agent', 'Tracking number sent.');
    await push(org, fromAgent.id);
    expect(sendsTo(fcmToken).at(-1)!.message.notification.title).toBe('Ana offline');
    const fromVisitor = await say(org, 'end_user', 'thanks');
    expect((await push(org, fromVisitor.id)).result).toEqual({ skipped: 'from_end_user' });
  });

  it('one job per message however often it is scheduled (idempotent job id)', async () => {
    const { org, fcmToken } = await mobileUser('idem', { fcm: FCM_A + 'idem' });
    const message = await say(org, 'bot', 'Hello again');
    const payload = { orgId: org.orgId, conversationId: org.conversation.id, messageId: message.id };
    const jobs = await Promise.all([1, 2, 3].map((i) => schedulePush(app.queues, payload, { requestId: `r${i}`, delayMs: 50 })));
    expect(new Set(jobs.map((j) => j.id))).toEqual(new Set([pushJobId(message.id)]));
    await settled(queue(), pushJobId(message.id));
    expect(sendsTo(fcmToken)).toHaveLength(1);
  });

  it('deactivates devices whose tokens FCM (UNREGISTERED) or APNs (410) declare dead', async () => {
    const { org, fcmToken, apnsToken } = await mobileUser('dead');
    harness.fcmPlans.set(fcmToken, [{ kind: 'error', status: 404, errorCode: 'UNREGISTERED' }]);
    harness.apnsPlans.set(apnsToken, [{ kind: 'error', status: 410, reason: 'Unregistered' }]);
    const message = await say(org, 'agent', 'ping');
    expect(await push(org, message.id)).toMatchObject({ state: 'completed', result: { sent: 0, deactivated: 2 } });
    const devices = await org.repos.devices.listForEndUser(org.orgId, org.endUser.id);
    expect(devices.map((d) => [d.active, d.deactivationReason])).toEqual([
      [false, 'FCM UNREGISTERED'],
      [false, 'APNs Unregistered'],
    ]);
    expect((await push(org, (await say(org, 'agent', 'again')).id)).result).toEqual({ skipped: 'no_devices' });
  });

  it('retries only the device that failed (503 + Retry-After), without pushing the others twice', async () => {
    const { org, fcmToken, apnsToken } = await mobileUser('retry');
    harness.fcmPlans.set(fcmToken, [{ kind: 'error', status: 503, errorCode: 'UNAVAILABLE', retryAfter: '1' }, { kind: 'ok' }]);
    harness.apnsPlans.set(apnsToken, [{ kind: 'error', status: 429, reason: 'TooManyRequests' }, { kind: 'ok' }]);
    const message = await say(org, 'bot', 'retry me');
    const started = Date.now();
    const outcome = await push(org, message.id);
    expect(outcome).toMatchObject({ state: 'completed', attempts: 2, result: { sent: 2 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sendsTo(fcmToken)).toHaveLength(2);
    expect(pushesTo(apnsToken)).toHaveLength(2);

    harness.fcmPlans.set(fcmToken, [{ kind: 'error', status: 500, errorCode: 'INTERNAL' }, { kind: 'ok' }]);
    const second = await say(org, 'bot', 'only fcm fails');
    expect(await push(org, second.id)).toMatchObject({ state: 'completed', attempts: 2, result: { sent: 1, alreadyDone: 1 } });
    expect(pushesTo(apnsToken)).toHaveLength(3);
  });

  it('fails for good on INVALID_ARGUMENT: the job lands in the dead-letter list the console shows and can retry', async () => {
    const { org, fcmToken } = await mobileUser('invalid', { fcm: FCM_A + 'invalid' });
    harness.fcmPlans.set(fcmToken, [{ kind: 'error', status: 400, errorCode: 'INVALID_ARGUMENT' }, { kind: 'ok' }]);
    const message = await say(org, 'agent', 'bad payload');
    expect(await push(org, message.id)).toMatchObject({ state: 'failed', attempts: 1, reason: expect.stringContaining('FCM INVALID_ARGUMENT') });

    const headers = await sessionFor(app, org.admin);
    const listed = await call(app, { method: 'GET', url: '/api/push/dead-letters', headers: { cookie: headers.cookie } });
    expect(listed.body.dead_letters).toEqual([
      expect.objectContaining({ job_id: pushJobId(message.id), name: 'send-push', attempts: 1, payload: expect.objectContaining({ messageId: message.id }) }),
    ]);
    const other = await seedMobileOrg(infra.db, 'invalid-other');
    const theirs = await call(app, { method: 'GET', url: '/api/push/dead-letters', headers: { cookie: (await sessionFor(app, other.admin)).cookie } });
    expect(theirs.body.dead_letters).toEqual([]);

    expect((await call(app, { method: 'POST', url: `/api/push/dead-letters/${pushJobId(message.id)}/retry`, headers })).status).toBe(202);
    expect(await settled(queue(), pushJobId(message.id))).toMatchObject({ state: 'completed', result: { sent: 1 } });
  });

  it('says only “New message” when the channel’s preview is off', async () => {
    const { org, fcmToken, apnsToken } = await mobileUser('private');
    await infra.db.channel.update({ where: { id: org.mobile.id }, data: { pushPreviewEnabled: false } });
    const message = await say(org, 'agent', 'Your password reset code is 123456');
    await push(org, message.id);
    expect(JSON.stringify(sendsTo(fcmToken)) + JSON.stringify(pushesTo(apnsToken))).not.toMatch(/123456|Ana/);
    expect(sendsTo(fcmToken)[0]!.message.notification).toEqual({ title: 'New message', body: 'You have a new message' });
  });

  it('skips (and says so) devices whose channel has no usable credential: legacy-only FCM never sends', async () => {
    const { org, fcmToken } = await mobileUser('legacy', { fcm: FCM_A + 'legacy' });
    await call(app, {
      method: 'PUT',
      url: `/api/push/channels/${org.mobile.id}/credentials/fcm`,
      headers: await sessionFor(app, org.admin),
      payload: { server_key: 'AAAA' + 'z'.repeat(140), sender_id: '123456789012' },
    });
    const message = await say(org, 'bot', 'legacy');
    // The credential cache may still hold the service account for a few seconds on this node.
    await app.close();
    app = await buildApp(infra.deps(), harness.appOptions());
    await app.ready();
    expect((await push(org, message.id)).result).toMatchObject({ sent: 0, notConfigured: 1 });
    expect(sendsTo(fcmToken)).toHaveLength(0);
  });
});
