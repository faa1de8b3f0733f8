import { receiverVerifies, startWebhookReceiver } from '@parley/testing';
import {
  deliveryIdFor,
  generateWebhookSecret,
  isPrivateAddress,
  postWebhook,
  signedHeaders,
  verifyWebhookSignature,
  WEBHOOK_ATTEMPTS,
  WEBHOOK_RETRY_DELAYS_MS,
  webhookEventId,
  webhookRetryDelayMs,
} from '../src';

describe('webhook signatures (Standard Webhooks scheme)', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'message.created', data: { text: 'héllo' } });
  const now = Math.floor(Date.now() / 1000);

  it('verify with the docs’ recipe and with our own checker; any listed secret matches', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signedHeaders([current, previous], 'dlv-1', now, body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(receiverVerifies(secret, headers, body)).toBe(true);
      expect(verifyWebhookSignature(secret, headers, body)).toEqual({ ok: true, id: 'dlv-1', timestampS: now });
    }
    expect(verifyWebhookSignature(generateWebhookSecret(), headers, body)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a changed body, another id, a stale timestamp and missing headers', () => {
    const secret = generateWebhookSecret();
    const headers = signedHeaders([secret], 'dlv-2', now, body);
    expect(verifyWebhookSignature(secret, headers, body.replace('héllo', 'hello'))).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhookSignature(secret, { ...headers, 'webhook-id': 'dlv-3' }, body)).toMatchObject({ ok: false });
    const old = signedHeaders([secret], 'dlv-2', now - 600, body);
    expect(verifyWebhookSignature(secret, old, body)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(receiverVerifies(secret, old, body)).toBe(false);
    expect(verifyWebhookSignature(secret, {}, body)).toEqual({ ok: false, reason: 'missing-headers' });
  });
});

describe('retry schedule', () => {
  it('spreads 11 attempts over about 24 hours, with ±10% jitter', () => {
    expect(WEBHOOK_ATTEMPTS).toBe(11);
    const total = WEBHOOK_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 3600_000).toBeGreaterThan(23);
    expect(total / 3600_000).toBeLessThanOrEqual(24);
    expect(WEBHOOK_RETRY_DELAYS_MS).toEqual([...WEBHOOK_RETRY_DELAYS_MS].sort((a, b) => a - b));
    expect(webhookRetryDelayMs(1, undefined, () => 0)).toBe(9000);
    expect(webhookRetryDelayMs(1, undefined, () => 1)).toBe(11_000);
    expect(webhookRetryDelayMs(10, undefined, () => 0.5)).toBe(8 * 3600_000);
  });
});

describe('event and delivery ids', () => {
  it('are the same on every node for the same event and endpoint, different otherwise', () => {
    const eventId = webhookEventId('message.created', 'm-1');
    expect(eventId).toBe(webhookEventId('message.created', 'm-1'));
    expect(eventId).not.toBe(webhookEventId('conversation.created', 'm-1'));
    const id = deliveryIdFor('endpoint-a', eventId);
    expect(id).toBe(deliveryIdFor('endpoint-a', eventId));
    expect(id).not.toBe(deliveryIdFor('endpoint-b', eventId));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('delivery network guard', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['169.254.169.254', true],
    ['172.20.0.1', true],
    ['192.168.1.10', true],
    ['::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['93.184.216.34', false],
    ['2606:4700::1111', false],
  ])('%s private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('refuses private targets, by literal or by name, unless allowed', async () => {
    const receiver = await startWebhookReceiver();
    const opts = { timeoutMs: 2000, allowPrivateNetworks: false };
    expect(await postWebhook(receiver.url, {}, '{}', opts)).toMatchObject({ statusCode: null, error: 'refused: 127.0.0.1 is a private address' });
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    expect((await postWebhook(byName, {}, '{}', opts)).error).toMatch(/localhost resolves to a private address/);
    expect(receiver.received.length).toBe(0);
    expect(await postWebhook(byName, {}, '{}', { ...opts, allowPrivateNetworks: true })).toMatchObject({ statusCode: 200, error: null });
    await receiver.close();
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const receiver = await startWebhookReceiver({ script: 'stall' });
    const result = await postWebhook(receiver.url, {}, '{}', { timeoutMs: 150, allowPrivateNetworks: true });
    expect(result).toMatchObject({ statusCode: null, error: 'no answer within 150 ms' });
    expect(result.responseMs).toBeGreaterThanOrEqual(140);
    await receiver.close();
  });
});
