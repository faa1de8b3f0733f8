/**
 * Collects the calls made within one turn of the event loop (up to `maxBatch`) and serves them
 * with one `run`. The push worker runs up to PUSH_WORKER_CONCURRENCY jobs at once; batching their
 * lookups turns a hundred Postgres queries and Redis calls into one of each, which is what lets
 * one worker keep pace with BullMQ itself.
 */
export function microBatch<K, V>(run: (keys: K[]) => Promise<V[]>, maxBatch = 200): (key: K) => Promise<V> {
  let pending: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    run(batch.map((p) => p.key)).then(
      (values) => batch.forEach((p, i) => p.resolve(values[i]!)),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (pending.length === 1) setImmediate(flush);
      else if (pending.length >= maxBatch) flush();
    });
}
