import { setTimeout as sleep } from 'node:timers/promises';
import { statusPrefix, type ServiceName } from '@parley/config';

export class NotReadyError extends Error {
  constructor(
    readonly service: ServiceName,
    message: string,
  ) {
    super(message);
    this.name = 'NotReadyError';
  }
}

async function probe(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    const body = (await res.text()).slice(0, 300);
    return { ok: res.status === 200, detail: `HTTP ${res.status} ${body}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { ok: false, detail: cause?.code ?? (err as Error).message };
  }
}

/**
 * Polls `/_status/<service>/readyz` through the edge, the way a developer's browser reaches it,
 * until each answers 200. Fails naming the first service that did not, with its last answer.
 */
export async function waitUntilReady(opts: {
  edgeUrl: string;
  services: readonly ServiceName[];
  timeoutMs: number;
  signal: AbortSignal;
  intervalMs?: number;
}): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const last = new Map<ServiceName, string>();
  const waiting = new Set(opts.services);
  while (waiting.size) {
    opts.signal.throwIfAborted();
    await Promise.all(
      [...waiting].map(async (service) => {
        const { ok, detail } = await probe(`${opts.edgeUrl}${statusPrefix(service)}/readyz`);
        if (ok) waiting.delete(service);
        else last.set(service, detail);
      }),
    );
    if (!waiting.size) return;
    if (Date.now() > deadline) {
      const [service] = [...waiting] as [ServiceName];
      throw new NotReadyError(
        service,
        `${service} did not become ready within ${Math.round(opts.timeoutMs / 1000)} s (last answer: ${last.get(service) ?? 'none'})`,
      );
    }
    await sleep(opts.intervalMs ?? 250, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}
