import type { IncomingMessage, ServerResponse } from 'node:http';

/** The raw request body as text (the servers parse it themselves: some need the exact bytes). */
export function readJsonBody(req: IncomingMessage | import('node:http2').Http2ServerRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Requests a local server has seen, in arrival order, with a way to wait for the n-th. */
export interface Recorder<T> {
  readonly items: T[];
  readonly length: number;
  /** Returns the new item's index. */
  push(item: T): number;
  /** Resolves once `n` items have arrived (fails after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<T[]>;
  clear(): void;
}

/** `keep: false` only counts (benchmarks send far too many requests to keep them all). */
export function recorder<T>(keep = true): Recorder<T> {
  const items: T[] = [];
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    items,
    get length() {
      return count;
    },
    push(item) {
      const n = count++;
      if (keep) items.push(item);
      const wake = waiters;
      waiters = [];
      wake.forEach((w) => w());
      return n;
    },
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (count < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} requests, got ${count}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return items.slice(0, n);
    },
    clear() {
      items.length = 0;
      count = 0;
    },
  };
}
