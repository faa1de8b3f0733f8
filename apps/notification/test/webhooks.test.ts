import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Topics, type TopicPayload } from '@parley/contracts';
import { startWebhookReceiver, useTestInfra, type WebhookReceiver } from '@parley/testing';
import { buildApp, type NotificationAppOptions } from '../src/app';
import { call, eventually, seedMobileOrg, sessionFor, sleep, type MobileOrg } from './fixtures';

const infra = useTestInfra();
// Push delays, retries and lock expiry take seconds by design; `npm test` (all projects in one
// run) does not apply the preset's testTimeout, so this file sets its own.
jest.setTimeout(30_000);
/** The real schedule's shape (10 delays, 11 attempts), in milliseconds instead of hours. */
const FAST_RETRIES = Array.from({ length: 10 }, () => 30);
const options: NotificationAppOptions = { logger: false, workersEnabled: true, webhookAllowPrivateNetworks: true, webhookRetryDelaysMs: FAST_RETRIES };

describe('signed webhooks, end to end', () => {
  let app: FastifyInstance;
  let receiver: WebhookReceiver;
  let plan: (n: number) => number = () => 200;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ script: (n) => plan(n) });
    app = await buildApp(infra.deps(), options);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.clear();
    plan = () => 200;
  });

  async function endpointFor(label: string, eventTypes = ['message.created', 'conversation.resolved']) {
    const org = await seedMobileOrg(infra.db, label);
    const headers = await sessionFor(app, org.admin);
    const created = await call(app, { method: 'POST', url: '/api/webhooks', headers, payload: { url: receiver.url, event_types: eventTypes, description: 'CRM' } });
    expect(created.status).toBe(201);
    receiver.secrets = [created.body.secret];
    return { org, headers, endpoint: created.body as { id: string; secret: string } };
  }

  const messageEvent = (org: MobileOrg, content = 'Hello'): TopicPayload<typeof Topics.messageCreated> => ({
    orgId: org.orgId,
    conversationId: org.conversation.id,
    sessionId: randomUUID(),
    message: { id: randomUUID(), seq: 1, sender_type: 'end_user', sender_id: 'v1', content_type: 'text', content, rich_media: null, created_at: new Date().toISOString() },
  });
  const deliveriesOf = async (org: MobileOrg, endpointId: string, headers: { cookie: string }) =>
    (await call(app, { method: 'GET', url: `/api/webhooks/${endpointId}/deliveries`, headers: { cookie: headers.cookie } })).body.deliveries;

  it('delivers a subscribed event, signed, and logs status and response time; the secret is shown once and stored sealed', async () => {
    const { org, headers, endpoint } = await endpointFor('wh-basic');
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await infra.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretEnc).not.toContain(endpoint.secret.slice(6, 20));
    expect(JSON.stringify((await call(app, { method: 'GET', url: `/api/webhooks/${endpoint.id}`, headers: { cookie: headers.cookie } })).body)).not.toContain('whsec_');

    const event = messageEvent(org, 'Where is my order?');
    await app.events.publish(Topics.messageCreated, event, { requestId: 'req-wh-1' });
    await app.events.publish(Topics.conversationAssigned, { orgId: org.orgId, conversationId: org.conversation.id, sessionId: event.sessionId, assignedTo: org.agent.id }, { requestId: 'r' });
    const [got] = await receiver.received.waitFor(1);
    expect(got!.verifiedWith).toEqual([endpoint.secret]);
    expect(got!.body).toMatchObject({ type: 'message.created', id: expect.stringMatching(/^evt_[0-9a-f]{24}$/), organization_id: org.orgId, data: { message: { id: event.message.id, content: 'Where is my order?' } } });
    expect(Math.abs(Number(got!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);

    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(org, endpoint.id, headers);
      return list[0]?.status === 'succeeded' ? list : undefined;
    });
    expect(delivery).toMatchObject({ id: got!.headers['webhook-id'], event_type: 'message.created', attempts: 1, last_status_code: 200, last_response_ms: expect.any(Number) });
    await sleep(200);
    // conversation.assigned was not subscribed to.
    expect(receiver.received.length).toBe(1);
  });

  it('delivers once however many notification nodes hear the event', async () => {
    const { org } = await endpointFor('wh-nodes');
    const second = await buildApp(infra.deps(), options);
    await second.ready();
    await app.events.publish(Topics.conversationResolved, { orgId: org.orgId, conversationId: org.conversation.id, sessionId: randomUUID(), tags: ['billing'] }, { requestId: 'r' });
    await receiver.received.waitFor(1);
    await sleep(500);
    expect(receiver.received.length).toBe(1);
    expect(receiver.received.items[0]!.body).toMatchObject({ type: 'conversation.resolved', data: { tags: ['billing'] } });
    await second.close();
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    const { org, headers, endpoint } = await endpointFor('wh-retry');
    plan = () => (receiver.received.length < 2 ? 500 : 200);
    await app.events.publish(Topics.messageCreated, messageEvent(org), { requestId: 'r' });
    const attempts = await receiver.received.waitFor(3);
    // The same delivery id on every attempt (receivers dedupe on it), each freshly signed.
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    expect(attempts.every((a) => a.verifiedWith.length === 1)).toBe(true);
    const id = String(attempts[0]!.headers['webhook-id']);
    const detail = await eventually(async () => {
      const d = (await call(app, { method: 'GET', url: `/api/webhooks/deliveries/${id}`, headers: { cookie: headers.cookie } })).body;
      return d.status === 'succeeded' ? d : undefined;
    });
    expect(detail).toMatchObject({ endpoint_id: endpoint.id, attempts: 3, delivered_at: expect.any(String) });
    expect(detail.attempt_log.map((a: { attempt: number; status_code: number }) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(detail.attempt_log[0].error).toMatch(/^HTTP 500/);
  });

  it('after persistent failure: dead letter, endpoint disabled; re-enabled and redelivered by the console', async () => {
    const { org, headers, endpoint } = await endpointFor('wh-dead');
    plan = () => 503;
    await app.events.publish(Topics.messageCreated, messageEvent(org), { requestId: 'r' });
    await receiver.received.waitFor(11, 15_000);
    const view = await eventually(async () => {
      const e = (await call(app, { method: 'GET', url: `/api/webhooks/${endpoint.id}`, headers: { cookie: headers.cookie } })).body;
      return e.enabled ? undefined : e;
    });
    expect(view).toMatchObject({ enabled: false, consecutive_failures: 11, disabled_reason: expect.stringContaining('HTTP 503') });
    const [delivery] = await deliveriesOf(org, endpoint.id, headers);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 11, last_status_code: 503 });
    const dead = (await call(app, { method: 'GET', url: '/api/webhooks/dead-letters', headers: { cookie: headers.cookie } })).body.dead_letters;
    expect(dead).toEqual([expect.objectContaining({ name: 'deliver-webhook', attempts: 11, payload: { orgId: org.orgId, deliveryId: delivery.id } })]);

    // Disabled: new events make no delivery for it.
    await app.events.publish(Topics.messageCreated, messageEvent(org), { requestId: 'r' });
    await sleep(300);
    expect(receiver.received.length).toBe(11);

    plan = () => 204;
    expect((await call(app, { method: 'PATCH', url: `/api/webhooks/${endpoint.id}`, headers, payload: { enabled: true } })).body).toMatchObject({ enabled: true, consecutive_failures: 0 });
    const redelivered = await call(app, { method: 'POST', url: `/api/webhooks/deliveries/${delivery.id}/redeliver`, headers });
    expect(redelivered.status).toBe(202);
    await receiver.received.waitFor(12);
    expect(receiver.received.items[11]!.headers['webhook-id']).toBe(delivery.id);
    await eventually(async () => (await deliveriesOf(org, endpoint.id, headers))[0].status === 'succeeded');
    expect((await call(app, { method: 'POST', url: `/api/webhooks/deliveries/${delivery.id}/redeliver`, headers: { cookie: headers.cookie } })).code).toBe('CSRF_INVALID');
  });

  it('signs with both secrets while one rotates out, so receivers can switch without a gap', async () => {
    const { org, headers, endpoint } = await endpointFor('wh-rotate');
    const rotated = await call(app, { method: 'POST', url: `/api/webhooks/${endpoint.id}/rotate-secret`, headers, payload: { grace_period_s: 3600 } });
    expect(rotated.body).toMatchObject({ secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: expect.any(String) });
    receiver.secrets = [endpoint.secret, rotated.body.secret];
    await app.events.publish(Topics.messageCreated, messageEvent(org), { requestId: 'r' });
    const [got] = await receiver.received.waitFor(1);
    expect(String(got!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(got!.verifiedWith).toEqual([endpoint.secret, rotated.body.secret]);

    // Grace period over (0 = drop the old secret now): one signature, the new secret only.
    const again = await call(app, { method: 'POST', url: `/api/webhooks/${endpoint.id}/rotate-secret`, headers, payload: { grace_period_s: 0 } });
    receiver.secrets = [rotated.body.secret, again.body.secret];
    await app.events.publish(Topics.messageCreated, messageEvent(org), { requestId: 'r' });
    const [, latest] = await receiver.received.waitFor(2);
    expect(latest!.verifiedWith).toEqual([again.body.secret]);
  });

  it('validates endpoints and keeps them per organization', async () => {
    const { headers, endpoint } = await endpointFor('wh-validate');
    const post = (payload: object) => call(app, { method: 'POST', url: '/api/webhooks', headers, payload });
    expect((await post({ url: 'ftp://example.com/x', event_types: ['lead.created'] })).code).toBe('INVALID_WEBHOOK_URL');
    expect((await post({ url: 'https://user:pw@example.com/x', event_types: ['lead.created'] })).code).toBe('INVALID_WEBHOOK_URL');
    expect((await post({ url: 'https://example.com/x', event_types: ['lead.deleted'] })).status).toBe(400);
    const other = await seedMobileOrg(infra.db, 'wh-validate-other');
    const theirs = await sessionFor(app, other.admin);
    expect((await call(app, { method: 'GET', url: `/api/webhooks/${endpoint.id}`, headers: { cookie: theirs.cookie } })).status).toBe(404);
    expect((await call(app, { method: 'GET', url: '/api/webhooks', headers: { cookie: theirs.cookie } })).body.endpoints).toEqual([]);
    expect((await call(app, { method: 'DELETE', url: `/api/webhooks/${endpoint.id}`, headers })).status).toBe(204);
  });
});
