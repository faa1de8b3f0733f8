/**
 * A small in-process cache with a time to live and a size bound. Entries are evicted oldest
 * first (Map iteration order), so a flood of distinct keys costs memory up to `maxEntries` and
 * no more. Concurrent misses of one key share one load.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; loadedAt: number }>();
  private readonly inFlight = new Map<K, Promise<V>>();
  /** Bumped by clear(): a load that started before it may have read what clear() announced as stale. */
  private generation = 0;

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
    const generation = this.generation;
    const loading = load()
      .then((value) => {
        if (generation === this.generation) {
          this.entries.delete(key);
          this.entries.set(key, { value, loadedAt: Date.now() });
          this.evict();
        }
        return value;
      })
      .finally(() => {
        if (this.inFlight.get(key) === loading) this.inFlight.delete(key);
      });
    this.inFlight.set(key, loading);
    return loading;
  }

  /** Forgets every entry; loads already running finish for their callers but are not kept. */
  clear(): void {
    this.entries.clear();
    this.inFlight.clear();
    this.generation++;
  }

  private evict() {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      this.entries.delete(oldest.value);
    }
  }
}
