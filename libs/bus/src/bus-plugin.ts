import fp from 'fastify-plugin';
import type { Worker } from 'bullmq';
import { EventBus } from './event-bus';
import { QueueRegistry } from './queues';
import { closeRedis, type RedisClient, type RedisNamespace } from './redis';

declare module 'fastify' {
  interface FastifyInstance {
    redis: RedisClient;
    redisNs: RedisNamespace;
    events: EventBus;
    queues: QueueRegistry;
  }
}

/** The Redis connections a service needs; `main.ts` (or a test) creates them and hands them over. */
export interface RedisDeps {
  /** Commands and publishing. */
  redis: RedisClient;
  /** A connection in subscriber mode can run nothing else, so pub/sub gets its own. */
  subscriber: RedisClient;
  /** BullMQ producers (blocking-style options: maxRetriesPerRequest null). */
  queueConnection: RedisClient;
  ns: RedisNamespace;
}

/**
 * Owns the Redis side: the command client, pub/sub and queues. On close it shuts queues first,
 * then pub/sub, then the connections (workers are closed before this, by their own plugin).
 */
export const busPlugin = fp<RedisDeps>(
  async (app, deps) => {
    const events = new EventBus(deps.redis, deps.subscriber, deps.ns, app.log);
    const queues = new QueueRegistry(deps.queueConnection, deps.ns);
    app.decorate('redis', deps.redis);
    app.decorate('redisNs', deps.ns);
    app.decorate('events', events);
    app.decorate('queues', queues);
    app.addHook('onClose', async () => {
      await queues.close();
      app.log.debug('queues closed');
      await events.close();
      await Promise.all([closeRedis(deps.subscriber), closeRedis(deps.queueConnection), closeRedis(deps.redis)]);
      app.log.debug('redis closed');
    });
  },
  { name: 'parley-bus', fastify: '5.x', dependencies: ['parley-db'] },
);

/** Workers close before queues and Redis: registered after the bus, they close first. */
export const workersPlugin = fp<{ workers: Worker[] }>(
  async (app, opts) => {
    app.addHook('onClose', async () => {
      await Promise.all(opts.workers.map((w) => w.close()));
      app.log.debug('workers closed');
    });
  },
  { name: 'parley-workers', fastify: '5.x', dependencies: ['parley-bus'] },
);
