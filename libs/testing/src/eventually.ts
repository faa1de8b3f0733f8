/**
 * Retries `check` until it stops throwing, for effects that arrive asynchronously (a NOTIFY, a
 * pub/sub event, a write-behind flush). The last failure is rethrown when time runs out, so a
 * test that gives up says what it last saw.
 */
export async function eventually<T>(check: () => Promise<T> | T, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 20));
    }
  }
}
