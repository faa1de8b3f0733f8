import { createWidgetTokenService } from '@parley/security';
import { TokenReuse } from './token-reuse';

const subject = { orgId: 'o1', botId: 'b1', conversationId: 'c1', visitorId: 'v1', channelId: 'ch1', endUserId: 'e1', preview: false };

describe('TokenReuse', () => {
  let now = Date.UTC(2026, 10, 21, 12);
  const tokens = createWidgetTokenService(`k1:${Buffer.alloc(32, 3).toString('base64url')}`, { clock: () => new Date(now) });
  const reuse = new TokenReuse(tokens, { reuseMs: 5 * 60_000, maxEntries: 2, now: () => now });

  it('hands out the same token for the same claims within the window, with the validity it has left', async () => {
    const first = await reuse.sign(subject);
    now += 60_000;
    const again = await reuse.sign(subject);
    expect(again.token).toBe(first.token);
    expect(again.expiresAt).toEqual(first.expiresAt);
    expect(again.expiresIn).toBe(first.expiresIn - 60);
    expect(await tokens.verify(again.token)).toMatchObject({ conversationId: 'c1', visitorId: 'v1', endUserId: 'e1' });
  });

  it('signs a new one after the window, and for any other claim', async () => {
    const first = await reuse.sign({ ...subject, conversationId: 'c2' });
    expect((await reuse.sign({ ...subject, conversationId: 'c2', botId: 'b2' })).token).not.toBe(first.token);
    expect((await reuse.sign({ ...subject, conversationId: 'c2', preview: true })).token).not.toBe(first.token);
    now += 5 * 60_000 + 1_000;
    const later = await reuse.sign({ ...subject, conversationId: 'c2' });
    expect(later.token).not.toBe(first.token);
    expect(later.expiresIn).toBe(3600);
  });
});
