import type { FastifyInstance } from 'fastify';
import { ConfigError, loadServiceConfig, type ServiceConfig, type ServiceName } from '@parley/config';
import { createServiceDeps, type ServiceDeps } from './deps';

export interface RunServiceOptions<N extends ServiceName> {
  service: N;
  build: (deps: ServiceDeps, config: ServiceConfig<N>) => Promise<FastifyInstance>;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The whole of a service's `main.ts`: config validated once, clients created, app built, signals
 * wired, then listen. Shutdown is ordered and bounded: readiness turns 503, the server stops
 * accepting and finishes in-flight requests, then the app's plugins close sockets, workers,
 * queues, Redis and the database, in that order. A second signal, or the timeout, forces exit.
 */
export async function runService<N extends ServiceName>(opts: RunServiceOptions<N>): Promise<void> {
  let config: ServiceConfig<N>;
  try {
    config = loadServiceConfig(opts.service, opts.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${opts.service}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const deps = createServiceDeps(opts.service, config);
  const app = await opts.build(deps, config);
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out: exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      app.markDraining();
      await app.close();
      clearTimeout(timer);
      app.log.info('stopped');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled rejection'));

  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (err) {
    process.stderr.write(`${opts.service}: cannot listen on ${config.HOST}:${config.PORT}: ${(err as Error).message}\n`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }
}
