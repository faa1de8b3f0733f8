import { randomBytes } from 'node:crypto';
import { asOrgId, createRepositories, usagePeriod } from '@parley/db';
import { useTestInfra } from '@parley/testing';

const infra = useTestInfra();

describe('usage counters', () => {
  it('concurrent increments on many connections lose nothing, and the first of a month does not collide', async () => {
    const repos = createRepositories(infra.db);
    const org = await repos.organizations.create({ name: 'Metered', slug: `metered-${randomBytes(3).toString('hex')}` });
    const orgId = asOrgId(org.id);
    const at = new Date('2031-03-31T23:59:59.999Z');
    await Promise.all(Array.from({ length: 50 }, () => repos.usage.increment(orgId, 'text_message', { at })));
    expect(await repos.usage.get(orgId, '2031-03', 'text_message')).toBe(50);
    expect(await repos.usage.get(orgId, '2031-03', 'preview_text_message')).toBe(0);
    expect(await infra.db.usageCounter.count({ where: { organizationId: orgId } })).toBe(1);
  });

  it('periods are UTC calendar months', () => {
    expect(usagePeriod(new Date('2031-03-31T23:59:59.999Z'))).toBe('2031-03');
    expect(usagePeriod(new Date('2031-04-01T00:00:00.000+02:00'))).toBe('2031-03');
    expect(usagePeriod(new Date('2031-04-01T00:00:00.000Z'))).toBe('2031-04');
  });
});
