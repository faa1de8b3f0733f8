import { createTestDatabase, createTestRedis, useTestInfra, withAdminClient } from '../src';

const infra = useTestInfra();

describe('test harness', () => {
  it('gives the file a migrated, empty database of its own', async () => {
    const applied = await infra.db.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    expect(Number(applied[0]?.n)).toBeGreaterThan(0);
    expect(await infra.db.organization.count()).toBe(0);
  });

  it('clones fresh databases that do not share rows and are gone after drop', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    await a.db.organization.create({ data: { name: 'A', slug: 'a' } });
    expect(await b.db.organization.count()).toBe(0);
    await a.drop();
    await b.drop();
    const left = await withAdminClient((c) => c.query('SELECT 1 FROM pg_database WHERE datname = ANY($1)', [[a.name, b.name]]));
    expect(left.rowCount).toBe(0);
  });

  it('isolates Redis namespaces and removes their keys on cleanup', async () => {
    const one = createTestRedis('iso');
    const two = createTestRedis('iso');
    await one.redis.set(one.ns.key('k'), '1');
    expect(await two.redis.get(two.ns.key('k'))).toBeNull();
    const probe = one.ns.key('k');
    await one.cleanup();
    expect(await two.redis.exists(probe)).toBe(0);
    await two.cleanup();
  });
});
