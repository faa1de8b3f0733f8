import { createTestApnsKey, startApnsServer, type ApnsPlan, type ApnsServer } from '@parley/testing';
import { ApnsProviderTokens, ApnsSender, PROVIDER_TOKEN_MIN_AGE_MS, PROVIDER_TOKEN_REFRESH_MS, validateApnsCredential, type ApnsSecret } from '../src';

const notice = { conversationId: '6f1c1d2e-1111-4222-8333-444455556666', messageId: '7a2b3c4d-1111-4222-8333-444455556666', title: 'Ana', body: 'Your order shipped.' };
const DEVICE = 'ab'.repeat(32);

describe('APNs HTTP/2 client against a local APNs', () => {
  const sandboxKey = createTestApnsKey('sandbox');
  const productionKey = createTestApnsKey('production', 'com.example.other');
  const sandbox = validateApnsCredential(sandboxKey.body).secret as ApnsSecret;
  const production = validateApnsCredential(productionKey.body).secret as ApnsSecret;
  let now = Date.parse('2026-01-01T10:00:00Z');
  const clock = () => now;
  let plan: ApnsPlan | ((n: number) => ApnsPlan) = { kind: 'ok' };
  let sandboxServer: ApnsServer;
  let productionServer: ApnsServer;
  let sender: ApnsSender;

  beforeAll(async () => {
    const keys = [sandboxKey, productionKey].map((k) => ({ teamId: k.body.team_id, keyId: k.body.key_id, publicKey: k.publicKey }));
    const script = (_push: unknown, n: number) => (typeof plan === 'function' ? plan(n) : plan);
    sandboxServer = await startApnsServer({ keys, script, clock });
    productionServer = await startApnsServer({ keys, script, clock });
    // Apple has one host per environment; here each is a local server, and each sender below
    // points the environment it tests at one of them.
    sender = new ApnsSender(
      { endpoints: { sandboxHost: '127.0.0.1', productionHost: '127.0.0.1', port: sandboxServer.port }, timeoutMs: 2000, ca: sandboxServer.ca },
      new ApnsProviderTokens(clock),
    );
  });
  afterAll(async () => {
    sender.close();
    await Promise.all([sandboxServer.close(), productionServer.close()]);
  });
  beforeEach(() => {
    plan = { kind: 'ok' };
  });

  it('sends over HTTP/2 with a verified ES256 provider token and every header APNs expects', async () => {
    expect(await sender.send(sandbox, DEVICE, notice)).toMatchObject({ kind: 'sent', id: expect.any(String) });
    expect(sandboxServer.refusals).toEqual([]);
    const push = sandboxServer.pushes.items.at(-1)!;
    expect(push.deviceToken).toBe(DEVICE);
    expect(push.providerToken).toMatchObject({ kid: sandbox.keyId, iss: sandbox.teamId, iat: Math.floor(now / 1000) });
    expect(push.headers).toMatchObject({
      'apns-topic': 'com.example.parley',
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-collapse-id': notice.conversationId,
      'apns-expiration': expect.stringMatching(/^\d+$/),
    });
    expect(push.payload).toEqual({
      aps: { alert: { title: 'Ana', body: 'Your order shipped.' }, sound: 'default', 'thread-id': notice.conversationId },
      conversation_id: notice.conversationId,
      message_id: notice.messageId,
    });
  });

  it('reuses the provider token for 20 minutes and beyond, and replaces it before Apple would refuse it', async () => {
    expect(PROVIDER_TOKEN_REFRESH_MS).toBeGreaterThanOrEqual(PROVIDER_TOKEN_MIN_AGE_MS);
    expect(PROVIDER_TOKEN_REFRESH_MS).toBeLessThan(60 * 60_000);
    now += 2 * 3600_000;
    await sender.send(sandbox, DEVICE, notice);
    const first = sandboxServer.pushes.items.at(-1)!.providerToken;
    now += PROVIDER_TOKEN_MIN_AGE_MS + 60_000;
    await sender.send(sandbox, DEVICE, notice);
    expect(sandboxServer.pushes.items.at(-1)!.providerToken.raw).toBe(first.raw);
    now += PROVIDER_TOKEN_REFRESH_MS - PROVIDER_TOKEN_MIN_AGE_MS;
    await sender.send(sandbox, DEVICE, notice);
    const second = sandboxServer.pushes.items.at(-1)!.providerToken;
    expect(second.raw).not.toBe(first.raw);
    expect(second.iat - first.iat).toBe(Math.round((PROVIDER_TOKEN_REFRESH_MS + 60_000) / 1000));
    expect(sandboxServer.refusals).toEqual([]);
  });

  it('on ExpiredProviderToken signs a new token and retries once', async () => {
    const before = sandboxServer.pushes.length;
    plan = (n) => (n === before ? { kind: 'error', status: 403, reason: 'ExpiredProviderToken' } : { kind: 'ok' });
    now += 1000;
    expect(await sender.send(sandbox, DEVICE, notice)).toMatchObject({ kind: 'sent' });
    const [refused, retried] = sandboxServer.pushes.items.slice(before);
    expect(retried!.providerToken.raw).not.toBe(refused!.providerToken.raw);
    // Refused twice in a row: no loop, the job's next attempt deals with it.
    plan = { kind: 'error', status: 403, reason: 'ExpiredProviderToken' };
    expect(await sender.send(sandbox, DEVICE, notice)).toMatchObject({ kind: 'retry', reason: 'APNs ExpiredProviderToken twice' });
  });

  it('a token older than an hour is refused by the server itself, and the client recovers', async () => {
    // A client whose clock ran an hour behind signed it; the server's clock says it is stale.
    const lagging = new ApnsSender(
      { endpoints: { sandboxHost: '127.0.0.1', productionHost: '127.0.0.1', port: sandboxServer.port }, timeoutMs: 2000, ca: sandboxServer.ca },
      new ApnsProviderTokens(() => now - 61 * 60_000),
    );
    expect(await lagging.send(sandbox, DEVICE, notice)).toMatchObject({ kind: 'retry', reason: 'APNs ExpiredProviderToken twice' });
    expect(sandboxServer.refusals.filter((r) => r === '403 ExpiredProviderToken')).toHaveLength(2);
    lagging.close();
  });

  it.each([
    [{ kind: 'error', status: 410, reason: 'Unregistered' }, { kind: 'unregistered', reason: 'APNs Unregistered' }],
    [{ kind: 'error', status: 400, reason: 'BadDeviceToken' }, { kind: 'unregistered' }],
    [{ kind: 'error', status: 400, reason: 'DeviceTokenNotForTopic' }, { kind: 'unregistered' }],
    [{ kind: 'error', status: 429, reason: 'TooManyRequests' }, { kind: 'retry', reason: 'APNs TooManyRequests' }],
    [{ kind: 'error', status: 429, reason: 'TooManyRequests', retryAfter: '12' }, { kind: 'retry', retryAfterMs: 12_000 }],
    [{ kind: 'error', status: 503, reason: 'ServiceUnavailable' }, { kind: 'retry' }],
    [{ kind: 'error', status: 403, reason: 'InvalidProviderToken' }, { kind: 'rejected' }],
    [{ kind: 'error', status: 400, reason: 'BadTopic' }, { kind: 'rejected', reason: 'APNs 400 BadTopic' }],
  ] as [ApnsPlan, object][])('answer %j is classified as %j', async (answer, expected) => {
    plan = answer;
    expect(await sender.send(sandbox, DEVICE, notice)).toMatchObject(expected);
  });

  it('routes production credentials to the production host', async () => {
    const split = new ApnsSender(
      { endpoints: { sandboxHost: '127.0.0.1', productionHost: 'localhost', port: productionServer.port }, timeoutMs: 2000, ca: productionServer.ca },
      new ApnsProviderTokens(clock),
    );
    await split.send(production, DEVICE, notice);
    expect(productionServer.pushes.items.at(-1)).toMatchObject({ headers: { 'apns-topic': 'com.example.other' }, providerToken: { iss: production.teamId } });
    split.close();
  });

  it('retries later when APNs does not answer in time', async () => {
    plan = { kind: 'stall' };
    const impatient = new ApnsSender(
      { endpoints: { sandboxHost: '127.0.0.1', productionHost: '127.0.0.1', port: sandboxServer.port }, timeoutMs: 200, ca: sandboxServer.ca },
      new ApnsProviderTokens(clock),
    );
    expect(await impatient.send(sandbox, DEVICE, notice)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('unreachable') });
    impatient.close();
  });
});
