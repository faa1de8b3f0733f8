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

  /**
   * Like `get`, but an expired entry is still answered at once while one reload runs behind it.
   * For values read on every message: when all of a node's entries expired together, every
   * message waited on the reloads, a visible stall each TTL (docs/benchmarks.md, issue 5). Only a
   * key never loaded (or dropped by `clear`, which a change notification calls) waits.
   */
  async getStale(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (!hit) return this.get(key, load);
    if (Date.now() - hit.loadedAt >= this.ttlMs && !this.inFlight.has(key)) {
      // The reload's own failure is not this caller's: the next call tries again.
      this.get(key, load, 0).catch(() => undefined);
    }
    return hit.value;
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
