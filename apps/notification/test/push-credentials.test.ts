import type { FastifyInstance } from 'fastify';
import { createTestApnsKey, createTestServiceAccount, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedMobileOrg, sessionFor } from './fixtures';

const infra = useTestInfra();

describe('push credentials: /api/push/channels/:channelId/credentials', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    await app.ready();
  });
  afterAll(() => app.close());

  async function admin(label: string) {
    const org = await seedMobileOrg(infra.db, label);
    const headers = await sessionFor(app, org.admin);
    const put = (platform: string, payload: object, channelId = org.mobile.id) =>
      call(app, { method: 'PUT', url: `/api/push/channels/${channelId}/credentials/${platform}`, headers, payload });
    return { org, headers, put };
  }

  it('stores an FCM service account and an APNs key encrypted, and shows only identifiers and fingerprints', async () => {
    const { org, headers, put } = await admin('cred-save');
    const sa = createTestServiceAccount('acme-mobile');
    const apns = createTestApnsKey('production');
    const fcm = await put('fcm', { service_account: JSON.stringify(sa.json), sender_id: '123456789012' });
    expect(fcm.status).toBe(200);
    expect(fcm.body).toMatchObject({
      platform: 'fcm',
      deprecated: false,
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      details: { project_id: 'acme-mobile', client_email: sa.clientEmail, sender_id: '123456789012' },
      environment: null,
    });
    const apple = await put('apns', apns.body);
    expect(apple.body).toMatchObject({ platform: 'apns', environment: 'production', details: { team_id: apns.body.team_id, key_id: apns.body.key_id, bundle_id: 'com.example.parley' } });

    const listed = await call(app, { method: 'GET', url: `/api/push/channels/${org.mobile.id}/credentials`, headers: { cookie: headers.cookie } });
    expect(listed.body.credentials.map((c: { platform: string }) => c.platform)).toEqual(['fcm', 'apns']);
    const everything = JSON.stringify([fcm.body, apple.body, listed.body]);
    expect(everything).not.toContain('PRIVATE KEY');

    // In the database: an AES-GCM envelope, no key material and no identifying text in clear.
    const rows = await infra.db.pushCredential.findMany({ where: { channelId: org.mobile.id } });
    for (const row of rows) {
      expect(row.secretEnc).toMatch(/^v1\.dev1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      const decoded = Buffer.from(row.secretEnc.split('.')[4]!, 'base64url').toString('latin1');
      expect(decoded).not.toMatch(/PRIVATE KEY|service_account|BEGIN/);
    }
    // The same key pasted with other line breaks names the same fingerprint.
    const reflowed = { ...apns.body, private_key: apns.body.private_key.replace(/\n/g, '\r\n') };
    expect((await put('apns', reflowed)).body.fingerprint).toBe(apple.body.fingerprint);
  });

  it('accepts the reference’s legacy server key and sender id, marked deprecated', async () => {
    const { put } = await admin('cred-legacy');
    const legacy = await put('fcm', { server_key: 'AAAA' + 'k'.repeat(150), sender_id: '987654321098' });
    expect(legacy.body).toMatchObject({ platform: 'fcm', deprecated: true, details: { sender_id: '987654321098' } });
  });

  it.each([
    ['fcm', { service_account: '{not json' }, 'service_account'],
    ['fcm', { service_account: { ...createTestServiceAccount().json, type: 'authorized_user' } }, 'service_account.type'],
    ['fcm', { service_account: { ...createTestServiceAccount().json, private_key: 'garbage' } }, 'service_account.private_key'],
    ['fcm', { service_account: { ...createTestServiceAccount().json, private_key: createTestApnsKey().body.private_key } }, 'service_account.private_key'],
    ['fcm', { service_account: { ...createTestServiceAccount().json, project_id: 'No Such Project!' } }, 'service_account.project_id'],
    ['fcm', { sender_id: '123456789012' }, 'service_account'],
    ['apns', { ...createTestApnsKey().body, private_key: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' }, 'private_key'],
    ['apns', { ...createTestApnsKey().body, private_key: createTestServiceAccount().json.private_key }, 'private_key'],
    ['apns', { ...createTestApnsKey().body, team_id: 'team' }, 'team_id'],
    ['apns', { ...createTestApnsKey().body, bundle_id: 'noreversedns' }, 'bundle_id'],
  ])('refuses a malformed %s credential (%#) with 400 INVALID_PUSH_CREDENTIAL naming the field', async (platform, body, field) => {
    const { org, put } = await admin(`cred-bad-${Math.random().toString(36).slice(2, 7)}`);
    const res = await put(platform, body);
    expect(res).toMatchObject({ status: 400, code: 'INVALID_PUSH_CREDENTIAL', body: { details: [{ path: field }] } });
    expect(res.raw).not.toContain('PRIVATE KEY');
    expect(await infra.db.pushCredential.count({ where: { channelId: org.mobile.id } })).toBe(0);
  });

  it('refuses non-admins, other organizations’ channels and non-mobile channels; deletes', async () => {
    const { org, headers, put } = await admin('cred-guard');
    const other = await seedMobileOrg(infra.db, 'cred-guard-other');
    const apns = createTestApnsKey().body;
    expect((await put('apns', apns, other.mobile.id)).status).toBe(404);
    expect((await put('apns', apns, org.web.id)).status).toBe(409);
    const agentHeaders = await sessionFor(app, org.agent);
    expect((await call(app, { method: 'PUT', url: `/api/push/channels/${org.mobile.id}/credentials/apns`, headers: agentHeaders, payload: apns })).code).toBe('INSUFFICIENT_ROLE');
    expect((await call(app, { method: 'PUT', url: `/api/push/channels/${org.mobile.id}/credentials/apns`, headers: { cookie: headers.cookie }, payload: apns })).code).toBe('CSRF_INVALID');
    await put('apns', apns);
    const del = (platform: string) => call(app, { method: 'DELETE', url: `/api/push/channels/${org.mobile.id}/credentials/${platform}`, headers });
    expect((await del('apns')).status).toBe(204);
    expect((await del('apns')).status).toBe(404);
  });
});
