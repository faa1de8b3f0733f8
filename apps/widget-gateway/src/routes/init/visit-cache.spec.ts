import { VisitCache, type CachedVisit } from './visit-cache';

const visit = (conversationId: string, json = '[]'): CachedVisit => ({ endUserId: `eu-${conversationId}`, conversationId, isPreview: false, messagesJson: Buffer.from(json) });

describe('VisitCache', () => {
  let clock = 0;
  const make = (maxBytes = 1_000, maxEntries = 1_000) => new VisitCache({ ttlMs: 30_000, maxBytes, maxEntries, now: () => clock });
  beforeEach(() => (clock = 1_000));

  it('answers what was stored, until the TTL', () => {
    const cache = make();
    cache.store('org', 'chn', 'v1', cache.startLoad(), visit('c1'));
    expect(cache.get('org', 'chn', 'v1')).toEqual(visit('c1'));
    expect(cache.get('org', 'other-channel', 'v1')).toBeUndefined();
    clock += 30_000;
    expect(cache.get('org', 'chn', 'v1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("drops a conversation's entry when a message is stored in it", () => {
    const cache = make();
    cache.store('org', 'chn', 'v1', cache.startLoad(), visit('c1'));
    cache.store('org', 'chn', 'v2', cache.startLoad(), visit('c2'));
    cache.messageStored('c1');
    expect(cache.get('org', 'chn', 'v1')).toBeUndefined();
    expect(cache.get('org', 'chn', 'v2')).toBeDefined();
  });

  it('does not keep a load that overlapped a message in its conversation, or any change or gap', () => {
    const cache = make();
    const started = cache.startLoad();
    clock += 1;
    cache.messageStored('c1');
    clock += 1;
    cache.store('org', 'chn', 'v1', started, visit('c1'));
    expect(cache.get('org', 'chn', 'v1')).toBeUndefined();
    // The same load for another conversation is kept: only that conversation changed.
    cache.store('org', 'chn', 'v2', started, visit('c2'));
    expect(cache.get('org', 'chn', 'v2')).toBeDefined();

    const beforeIdentity = cache.startLoad();
    clock += 1;
    cache.identityChanged('org', 'someone-else');
    cache.store('org', 'chn', 'v3', beforeIdentity, visit('c3'));
    expect(cache.get('org', 'chn', 'v3')).toBeUndefined();

    const beforeGap = cache.startLoad();
    clock += 1;
    cache.forgetAll();
    expect(cache.get('org', 'chn', 'v2')).toBeUndefined();
    cache.store('org', 'chn', 'v4', beforeGap, visit('c4'));
    expect(cache.get('org', 'chn', 'v4')).toBeUndefined();
  });

  it('drops every entry of an external id whose identity changed, in that organization only', () => {
    const cache = make();
    cache.store('org', 'chn-a', 'v1', cache.startLoad(), visit('c1'));
    cache.store('org', 'chn-b', 'v1', cache.startLoad(), visit('c2'));
    cache.store('other-org', 'chn-a', 'v1', cache.startLoad(), visit('c3'));
    clock += 1;
    cache.identityChanged('org', 'v1');
    expect(cache.get('org', 'chn-a', 'v1')).toBeUndefined();
    expect(cache.get('org', 'chn-b', 'v1')).toBeUndefined();
    expect(cache.get('other-org', 'chn-a', 'v1')).toBeDefined();
  });

  it('keeps the serialized messages within maxBytes, dropping the oldest entries first', () => {
    const cache = make(100);
    for (let i = 0; i < 5; i++) cache.store('org', 'chn', `v${i}`, cache.startLoad(), visit(`c${i}`, 'x'.repeat(40)));
    expect(cache.size).toBe(2);
    expect(cache.get('org', 'chn', 'v0')).toBeUndefined();
    expect(cache.get('org', 'chn', 'v4')).toBeDefined();
  });

  it('keeps at most maxEntries entries, however small their messages', () => {
    const cache = make(1_000_000, 3);
    // Empty conversations: 2 bytes each, far below maxBytes.
    for (let i = 0; i < 10; i++) cache.store('org', 'chn', `v${i}`, cache.startLoad(), visit(`c${i}`));
    expect(cache.size).toBe(3);
    expect(cache.get('org', 'chn', 'v6')).toBeUndefined();
    expect(cache.get('org', 'chn', 'v9')).toBeDefined();
  });
});
