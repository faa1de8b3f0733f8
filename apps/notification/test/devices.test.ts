import type { FastifyInstance } from 'fastify';
import { registerDevice } from '@parley/push';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { anotherEndUser, call, seedMobileOrg, widgetTokenFor } from './fixtures';

const infra = useTestInfra();
const FCM_TOKEN = 'fcm-token:APA91bH' + 'x'.repeat(140);
const APNS_TOKEN = 'a'.repeat(64);

describe('device registration: /v1/push/devices', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    await app.ready();
  });
  afterAll(() => app.close());

  const register = (headers: object, payload: object) => call(app, { method: 'POST', url: '/v1/push/devices', headers: headers as never, payload });

  it('registers a token once: the same token again is the same device, refreshed', async () => {
    const org = await seedMobileOrg(infra.db, 'dev-merge');
    const auth = await widgetTokenFor(app, org);
    const first = await register(auth, { platform: 'fcm', token: FCM_TOKEN + '1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ platform: 'fcm', channel_id: org.mobile.id, active: true });
    const again = await register(auth, { platform: 'fcm', token: FCM_TOKEN + '1' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    await register(auth, { platform: 'apns', token: APNS_TOKEN });
    expect(await org.repos.devices.listForEndUser(org.orgId, org.endUser.id)).toHaveLength(2);
  });

  it('ties a token to one end user: registered by another, it moves to them', async () => {
    const org = await seedMobileOrg(infra.db, 'dev-move');
    const other = await anotherEndUser(org, 'dev-move-b');
    const token = FCM_TOKEN + '2';
    await register(await widgetTokenFor(app, org), { platform: 'fcm', token });
    const moved = await register(await widgetTokenFor(app, org, { endUser: other.endUser, conversationId: other.conversation.id }), { platform: 'fcm', token });
    expect(moved.status).toBe(200);
    expect(await org.repos.devices.listForEndUser(org.orgId, org.endUser.id)).toEqual([]);
    expect(await org.repos.devices.listForEndUser(org.orgId, other.endUser.id)).toHaveLength(1);
  });

  it('reactivates a token that a push had deactivated, when the app registers it again', async () => {
    const org = await seedMobileOrg(infra.db, 'dev-reactivate');
    const auth = await widgetTokenFor(app, org);
    const { body } = await register(auth, { platform: 'apns', token: APNS_TOKEN.replace(/a/g, 'b') });
    await org.repos.devices.deactivate(org.orgId, body.id, 'APNs Unregistered', new Date());
    expect((await org.repos.devices.listForEndUser(org.orgId, org.endUser.id))[0]).toMatchObject({ active: false, deactivationReason: 'APNs Unregistered' });
    expect((await register(auth, { platform: 'apns', token: APNS_TOKEN.replace(/a/g, 'b') })).body).toMatchObject({ id: body.id, active: true });
  });

  it('unregisters only the caller’s own token', async () => {
    const org = await seedMobileOrg(infra.db, 'dev-delete');
    const other = await anotherEndUser(org, 'dev-delete-b');
    const token = FCM_TOKEN + '3';
    await register(await widgetTokenFor(app, org), { platform: 'fcm', token });
    const unregister = async (headers: object) =>
      (await call(app, { method: 'POST', url: '/v1/push/devices/unregister', headers: headers as never, payload: { platform: 'fcm', token } })).status;
    const stranger = await widgetTokenFor(app, org, { endUser: other.endUser, conversationId: other.conversation.id });
    expect(await unregister(stranger)).toBe(404);
    expect(await unregister(await widgetTokenFor(app, org))).toBe(204);
    expect(await unregister(await widgetTokenFor(app, org))).toBe(404);
    expect(await org.repos.devices.listForEndUser(org.orgId, org.endUser.id)).toEqual([]);
  });

  it('refuses without a widget token, with a malformed body, and when the bot has no mobile channel', async () => {
    const org = await seedMobileOrg(infra.db, 'dev-refuse');
    expect((await register({}, { platform: 'fcm', token: FCM_TOKEN })).code).toBe('TOKEN_INVALID');
    const auth = await widgetTokenFor(app, org);
    expect((await register(auth, { platform: 'gcm', token: FCM_TOKEN })).status).toBe(400);
    expect((await register(auth, { platform: 'fcm', token: 'has spaces in it' })).status).toBe(400);
    await infra.db.channel.delete({ where: { id: org.mobile.id } });
    const missing = await register(auth, { platform: 'fcm', token: FCM_TOKEN + '4' });
    expect(missing).toMatchObject({ status: 409, code: 'MOBILE_CHANNEL_MISSING' });
  });

  it('is the same function the gateway’s socket calls, usable without HTTP', async () => {
    const org = await seedMobileOrg(infra.db, 'dev-socket');
    const owner = { orgId: org.orgId, endUserId: org.endUser.id, botId: org.bot.id, channelId: org.mobile.id };
    const created = await registerDevice(infra.db, owner, { platform: 'apns', token: APNS_TOKEN.replace(/a/g, 'c') });
    expect(created).toMatchObject({ outcome: 'created', device: { channel_id: org.mobile.id } });
    expect((await registerDevice(infra.db, owner, { platform: 'apns', token: APNS_TOKEN.replace(/a/g, 'c') })).outcome).toBe('refreshed');
  });
});
