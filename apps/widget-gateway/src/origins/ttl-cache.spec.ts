import { TtlCache } from './ttl-cache';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TtlCache.getStale', () => {
  it('answers an expired entry at once and reloads it once in the background', async () => {
    const cache = new TtlCache<string, number>(30, 10);
    let loads = 0;
    let release: (() => void) | undefined;
    const load = () => {
      loads++;
      return loads === 1 ? Promise.resolve(1) : new Promise<number>((resolve) => (release = () => resolve(loads)));
    };
    expect(await cache.getStale('bot', load)).toBe(1);
    await sleep(40);
    // Expired: the old value comes back without waiting, and only one reload starts however many ask.
    expect(await Promise.all([cache.getStale('bot', load), cache.getStale('bot', load)])).toEqual([1, 1]);
    expect(loads).toBe(2);
    release!();
    await sleep(0);
    expect(await cache.getStale('bot', load)).toBe(2);
  });

  it('waits when there is nothing to answer with: a first load, or after clear()', async () => {
    const cache = new TtlCache<string, string>(1_000, 10);
    expect(await cache.getStale('k', async () => 'first')).toBe('first');
    cache.clear();
    expect(await cache.getStale('k', async () => 'after a change')).toBe('after a change');
  });
});
