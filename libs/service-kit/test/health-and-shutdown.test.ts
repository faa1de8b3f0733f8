import { Queues } from '@parley/contracts';
import { closeRedis, createRedis, createWorker, RedisNamespace, workersPlugin } from '@parley/bus';
import { createDb } from '@parley/db';
import { useTestInfra } from '@parley/testing';
import { createServiceApp } from '../src';

const infra = useTestInfra();

describe('health, readiness and metrics', () => {
  it('is ready when Postgres and Redis answer, and exports request durations', async () => {
    const app = await createServiceApp(infra.deps(), { service: 'auth-token', logger: false });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', service: 'auth-token', failing: [] });
    expect((await app.inject({ method: 'GET', url: '/_status/auth-token/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', service: 'auth-token' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/http_request_duration_seconds_bucket\{le="0.005",service="auth-token",method="GET",route="\/readyz",status_code="200"\} \d+/);
    expect(metrics.body).toContain('process_cpu_seconds_total');
    await app.close();
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    const dead = () => createRedis({ url: 'redis://127.0.0.1:1', connectionName: 'dead' });
    const deps = { db: infra.deps().db, redis: { redis: dead(), subscriber: dead(), queueConnection: dead(), ns: new RedisNamespace('dead') } };
    const app = await createServiceApp(deps, { service: 'conversation', logger: false });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().failing).toEqual(['redis']);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('answers 503 naming Postgres when the database is unreachable', async () => {
    const db = createDb({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/parley_does_not_exist' });
    const app = await createServiceApp({ db, redis: infra.deps().redis }, { service: 'notification', logger: false });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().failing).toEqual(['postgres']);
    expect(res.json().checks.postgres.error).not.toContain('\n');
    await app.close();
  });

  it('turns readiness to 503 while draining', async () => {
    const app = await createServiceApp(infra.deps(), { service: 'conversation', logger: false });
    app.markDraining();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().failing).toEqual(['draining']);
    await app.close();
  });
});

describe('ordered shutdown', () => {
  it('closes workers, then queues, then Redis, then the database', async () => {
    const deps = infra.deps();
    const order: string[] = [];
    const app = await createServiceApp(deps, { service: 'notification', logger: false });
    const worker = createWorker(Queues.webhooks, { 'deliver-webhook': async () => undefined }, {
      connection: deps.redis.queueConnection,
      ns: deps.redis.ns,
      concurrency: 1,
      log: app.log,
    });
    await app.register(workersPlugin, { workers: [worker] });
    await app.ready();
    app.queues.get(Queues.webhooks); // open a queue so there is one to close
    const record = <T extends object>(obj: T, method: keyof T, label: string) => {
      const original = (obj[method] as (...a: unknown[]) => unknown).bind(obj);
      (obj as Record<keyof T, unknown>)[method] = (...args: unknown[]) => {
        order.push(label);
        return original(...args);
      };
    };
    record(worker, 'close', 'workers');
    record(app.queues, 'close', 'queues');
    record(deps.redis.redis, 'quit', 'redis');
    record(deps.db, '$disconnect', 'database');
    await app.close();
    expect(order).toEqual(['workers', 'queues', 'redis', 'database']);
    await closeRedis(deps.redis.redis);
  });
});
