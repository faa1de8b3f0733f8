/**
 * A small in-process cache with a time to live and a size bound. Entries are evicted oldest
 * first (Map iteration order), so a flood of distinct keys costs memory up to `maxEntries` and
 * no more. Concurrent misses of one key share one load.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; loadedAt: number }>();
  private readonly inFlight = new Map<K, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached value if younger than `maxAgeMs` (default: the TTL), else `load()`'s. */
  async get(key: K, load: () => Promise<V>, maxAgeMs = this.ttlMs): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.loadedAt < Math.min(maxAgeMs, this.ttlMs)) return hit.value;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const loading = load()
      .then((value) => {
        this.entries.delete(key);
        this.entries.set(key, { value, loadedAt: Date.now() });
        this.evict();
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  private evict() {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      this.entries.delete(oldest.value);
    }
  }
}
