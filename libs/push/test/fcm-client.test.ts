import { createTestServiceAccount, startFcmServer, type FcmPlan, type FcmServer } from '@parley/testing';
import { ACCESS_TOKEN_REFRESH_MARGIN_MS, FcmAccessTokens, FcmSender, HttpClient, validateFcmCredential, type FcmServiceAccount } from '../src';
import { Http2Client } from '../src/transport/http2-client';

const notice = { conversationId: '6f1c1d2e-1111-4222-8333-444455556666', messageId: '7a2b3c4d-1111-4222-8333-444455556666', title: 'Helper', body: 'We open at 9.' };

describe('FCM HTTP v1 client against a local FCM', () => {
  const sa = createTestServiceAccount('parley-fcm-test');
  const account = validateFcmCredential({ service_account: sa.json }).secret.serviceAccount as FcmServiceAccount;
  let now = Date.parse('2026-01-01T10:00:00Z');
  const clock = () => now;
  let plan: FcmPlan | ((n: number) => FcmPlan) = { kind: 'ok' };
  let server: FcmServer;
  let http: HttpClient;
  let streams: Http2Client;
  let sender: FcmSender;

  beforeAll(async () => {
    server = await startFcmServer({
      accounts: [{ clientEmail: sa.clientEmail, projectId: sa.projectId, publicKey: sa.publicKey, privateKeyId: sa.privateKeyId }],
      script: (_send, n) => (typeof plan === 'function' ? plan(n) : plan),
      clock,
    });
    // As createPushSenders wires it: sends over HTTP/2, the token endpoint over HTTP/1.1.
    http = new HttpClient({ timeoutMs: 2000, ca: server.ca });
    streams = new Http2Client({ timeoutMs: 2000, ca: server.ca });
    sender = new FcmSender(streams, server.baseUrl, new FcmAccessTokens(http, server.tokenUrl, clock));
  });
  afterAll(async () => {
    streams.close();
    http.close();
    await server.close();
  });
  beforeEach(() => {
    plan = { kind: 'ok' };
  });

  it('gets an access token by the JWT-bearer grant and sends one message per conversation collapse key', async () => {
    expect(await sender.send(account, 'device-1', notice)).toMatchObject({ kind: 'sent', id: expect.stringContaining('projects/parley-fcm-test/messages/') });
    // The server verified the RS256 assertion with the service account's public key, kid included.
    expect(server.grants.items[0]).toMatchObject({ clientEmail: sa.clientEmail, kid: sa.privateKeyId });
    expect(server.refusals).toEqual([]);
    const sent = server.sends.items.at(-1)!;
    expect(sent.httpVersion).toBe('2.0');
    expect(sent.message).toMatchObject({
      token: 'device-1',
      notification: { title: 'Helper', body: 'We open at 9.' },
      data: { conversation_id: notice.conversationId, message_id: notice.messageId },
      android: { collapse_key: notice.conversationId, notification: { tag: notice.conversationId } },
    });
  });

  it('reuses the access token until shortly before it expires, then fetches a new one', async () => {
    const grantsBefore = server.grants.length;
    await sender.send(account, 'device-2', notice);
    now += 3600_000 - ACCESS_TOKEN_REFRESH_MARGIN_MS - 60_000;
    await sender.send(account, 'device-2', notice);
    expect(server.grants.length).toBe(grantsBefore);
    now += 2 * 60_000;
    await sender.send(account, 'device-2', notice);
    expect(server.grants.length).toBe(grantsBefore + 1);
    // Concurrent sends with an expired token share one token request.
    now += 3600_000;
    await Promise.all(Array.from({ length: 10 }, () => sender.send(account, 'device-2', notice)));
    expect(server.grants.length).toBe(grantsBefore + 2);
  });

  it.each([
    [{ kind: 'error', status: 404, errorCode: 'UNREGISTERED' }, { kind: 'unregistered', reason: 'FCM UNREGISTERED' }],
    [{ kind: 'error', status: 404 }, { kind: 'unregistered' }],
    [{ kind: 'error', status: 400, errorCode: 'INVALID_ARGUMENT' }, { kind: 'rejected', reason: 'FCM INVALID_ARGUMENT' }],
    [{ kind: 'error', status: 403, errorCode: 'SENDER_ID_MISMATCH' }, { kind: 'rejected' }],
    [{ kind: 'error', status: 429, errorCode: 'QUOTA_EXCEEDED', retryAfter: '30' }, { kind: 'retry', retryAfterMs: 30_000 }],
    [{ kind: 'error', status: 500, errorCode: 'INTERNAL' }, { kind: 'retry', reason: 'FCM INTERNAL' }],
    [{ kind: 'error', status: 503, errorCode: 'UNAVAILABLE', retryAfter: '7' }, { kind: 'retry', retryAfterMs: 7000 }],
  ] as [FcmPlan, object][])('answer %j is classified as %j', async (answer, expected) => {
    plan = answer;
    expect(await sender.send(account, 'device-3', notice)).toMatchObject(expected);
  });

  it('replaces an access token FCM refuses (401) and sends again once', async () => {
    await sender.send(account, 'device-4', notice);
    const stale = server.grants.items.at(-1)!.accessToken;
    const grants = server.grants.length;
    server.revokeAccessTokens();
    expect(await sender.send(account, 'device-4', notice)).toMatchObject({ kind: 'sent' });
    expect(server.refusals).toContain('send 401');
    expect(server.grants.length).toBe(grants + 1);
    expect(server.grants.items.at(-1)!.accessToken).not.toBe(stale);
  });

  it('treats a refused service account (invalid_grant) as not retryable', async () => {
    const stranger = validateFcmCredential({ service_account: createTestServiceAccount('parley-fcm-test').json }).secret.serviceAccount!;
    expect(await sender.send(stranger, 'device-5', notice)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('invalid_grant') });
  });

  it('retries later when FCM cannot be reached', async () => {
    const offline = new FcmSender(streams, 'https://127.0.0.1:9', new FcmAccessTokens(http, server.tokenUrl, clock));
    expect(await offline.send(account, 'device-6', notice)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('unreachable') });
  });
});
