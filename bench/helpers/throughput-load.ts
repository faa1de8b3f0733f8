import http from 'node:http';
import type { ThroughputJob, ThroughputResult } from './client-jobs';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from './cpu-meter';

const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/**
 * `connections` loops, each sending its next request as soon as the previous answer is read,
 * over a keep-alive agent with that many sockets, for warm-up plus the measured window.
 * A response counts toward req/s when it completes inside the window.
 */
export async function runThroughput(job: ThroughputJob): Promise<ThroughputResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections, maxFreeSockets: job.connections });
  const bodies = job.bodies.map((b) => Buffer.from(b));
  const statuses: Record<string, number> = {};
  const warmupStatuses: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let next = job.firstAddress;
  let requests = 0;

  const send = (body: Buffer, forwardedFor: string) =>
    new Promise<number>((resolve) => {
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port: job.port,
          method: 'POST',
          path: job.path,
          headers: { ...job.headers, 'content-type': 'application/json', 'content-length': body.length, 'x-forwarded-for': forwardedFor },
        },
        (res) => {
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
          res.resume();
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });

  const startAt = performance.now();
  const measureAt = startAt + job.warmupMs;
  const endAt = measureAt + job.durationMs;
  let before: CpuSnapshot | undefined;
  let after: CpuSnapshot | undefined;
  const t1 = setTimeout(() => (before = cpuSnapshot(job.serverPid)), job.warmupMs);
  const t2 = setTimeout(() => (after = cpuSnapshot(job.serverPid)), job.warmupMs + job.durationMs);

  const loop = async (k: number) => {
    let i = k;
    while (performance.now() < endAt) {
      const sentAt = performance.now();
      const status = await send(bodies[i++ % bodies.length]!, address(next++));
      const doneAt = performance.now();
      const key = status ? String(status) : 'socket-error';
      if (doneAt < measureAt) {
        warmupStatuses[key] = (warmupStatuses[key] ?? 0) + 1;
        continue;
      }
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (doneAt <= endAt) {
        requests++;
        latenciesMs.push(doneAt - sentAt);
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, (_, k) => loop(k)));
  clearTimeout(t1);
  clearTimeout(t2);
  agent.destroy();
  before ??= cpuSnapshot(job.serverPid);
  after ??= cpuSnapshot(job.serverPid);
  return { requests, seconds: job.durationMs / 1000, latenciesMs, statuses, warmupStatuses, cpu: cpuBetween(before, after) };
}
