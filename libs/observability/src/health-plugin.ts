import fp from 'fastify-plugin';
import type { ReadinessBody } from '@parley/contracts';

export type DependencyCheck = () => Promise<unknown>;

export interface HealthOptions {
  service: string;
  /** Name → check; a check passes when it resolves within `timeoutMs`. */
  checks: Record<string, DependencyCheck>;
  timeoutMs?: number;
  /** Extra path prefix the same probes answer under, e.g. `/_status/conversation` for the edge. */
  aliasPrefix?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Flip readiness to 503 while the process drains, so load balancers stop sending work. */
    markDraining(): void;
  }
}

function withTimeout(check: DependencyCheck, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/** Driver errors can span many lines; a probe answer wants the one that says what failed. */
const firstLine = (message: string) =>
  message.split('\n').map((l) => l.trim()).filter(Boolean).pop()?.slice(0, 300) ?? 'failed';

/** `/healthz` says the process is alive; `/readyz` says its dependencies answer. */
export const healthPlugin = fp<HealthOptions>(
  async (app, opts) => {
    const timeoutMs = opts.timeoutMs ?? 2000;
    let draining = false;
    app.decorate('markDraining', () => {
      draining = true;
    });

    const liveness = async () => ({ status: 'ok' as const, service: opts.service });
    const readiness = async (_req: unknown, reply: { code(n: number): unknown }) => {
      const checks: ReadinessBody['checks'] = {};
      await Promise.all(
        Object.entries(opts.checks).map(async ([name, check]) => {
          const started = performance.now();
          try {
            await withTimeout(check, timeoutMs);
            checks[name] = { ok: true, latencyMs: Math.round(performance.now() - started) };
          } catch (err) {
            checks[name] = { ok: false, latencyMs: Math.round(performance.now() - started), error: firstLine((err as Error).message) };
          }
        }),
      );
      const failing = Object.keys(checks).filter((name) => !checks[name]?.ok);
      if (draining) failing.push('draining');
      const body: ReadinessBody = {
        status: failing.length ? 'unavailable' : 'ready',
        service: opts.service,
        failing,
        checks,
      };
      reply.code(failing.length ? 503 : 200);
      return body;
    };

    const prefixes = ['', ...(opts.aliasPrefix ? [opts.aliasPrefix] : [])];
    for (const prefix of prefixes) {
      app.get(`${prefix}/healthz`, { logLevel: 'warn' }, liveness);
      app.get(`${prefix}/readyz`, { logLevel: 'warn' }, readiness);
    }
  },
  { name: 'parley-health', fastify: '5.x' },
);
