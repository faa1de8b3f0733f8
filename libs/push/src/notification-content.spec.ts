import { apnsPayload } from './apns/apns-sender';
import { fcmMessage } from './fcm/fcm-sender';
import { MAX_PUSH_PAYLOAD_BYTES, noticeText, PREVIEW_OFF_BODY, PREVIEW_OFF_TITLE } from './notification-content';
import { parseRetryAfter, pushBackoffMs, PushRetryError, PUSH_BACKOFF_CAP_MS } from './send-outcome';

const ids = { conversationId: '6f1c1d2e-1111-4222-8333-444455556666', messageId: '7a2b3c4d-1111-4222-8333-444455556666' };

describe('notification content', () => {
  it('shows the sender and the text with the preview on, nothing of the message with it off', () => {
    const source = { contentType: 'text' as const, content: 'Your  refund\nis on its way', senderName: 'Ana' };
    expect(noticeText(source, true)).toEqual({ title: 'Ana', body: 'Your refund is on its way' });
    expect(noticeText(source, false)).toEqual({ title: PREVIEW_OFF_TITLE, body: PREVIEW_OFF_BODY });
    expect(noticeText({ contentType: 'image', content: '', senderName: null }, true)).toEqual({ title: 'New message', body: 'Sent an image' });
    expect(noticeText({ contentType: 'file', content: 'invoice.pdf', senderName: 'Bot' }, true).body).toBe('Sent a file: invoice.pdf');
  });

  it('keeps FCM and APNs payloads within 4 KB however long and multi-byte the message is', () => {
    const huge = '☃ "quoted" \\ 🚀 '.repeat(2000);
    const { title, body } = noticeText({ contentType: 'text', content: huge, senderName: 'Ana' }, true);
    for (const json of [fcmMessage('t'.repeat(163), { ...ids, title, body }), apnsPayload({ ...ids, title, body: huge })]) {
      expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
      expect(JSON.parse(json)).toBeTruthy();
      // No half surrogate pair: the cut text still encodes and decodes to itself.
      expect(JSON.stringify(JSON.parse(json))).toBe(json);
    }
    expect(JSON.parse(apnsPayload({ ...ids, title, body: huge })).aps.alert.body.endsWith('…')).toBe(true);
  });
});

describe('push retry backoff', () => {
  it('doubles from 1 s with equal jitter, capped at 5 minutes', () => {
    expect(pushBackoffMs(1, undefined, () => 0)).toBe(500);
    expect(pushBackoffMs(1, undefined, () => 1)).toBe(1000);
    expect(pushBackoffMs(4, undefined, () => 1)).toBe(8000);
    expect(pushBackoffMs(30, undefined, () => 1)).toBe(PUSH_BACKOFF_CAP_MS);
    const samples = Array.from({ length: 50 }, () => pushBackoffMs(3, undefined));
    expect(new Set(samples).size).toBeGreaterThan(10);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(2000);
  });

  it('never retries sooner than the Retry-After FCM or APNs asked for', () => {
    expect(pushBackoffMs(1, new PushRetryError('429', 30_000), () => 0)).toBe(30_000);
    expect(pushBackoffMs(12, new PushRetryError('503', 1000), () => 1)).toBe(PUSH_BACKOFF_CAP_MS);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(58_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
