import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export type UsageMetricName = 'text_message' | 'preview_text_message' | 'voice_minute' | 'preview_voice_minute';

/** The metering period of an instant: its calendar month in UTC, `YYYY-MM`. */
export const usagePeriod = (at: Date): string => at.toISOString().slice(0, 7);

export function usageRepository(db: Db) {
  return {
    /**
     * Adds to a counter in one statement. `INSERT ... ON CONFLICT DO UPDATE` is atomic in
     * Postgres, so concurrent increments on any number of nodes never lose a count and the first
     * one of a month never fails on the unique key (Prisma's upsert would read first, then write).
     */
    async increment(orgId: OrgId, metric: UsageMetricName, opts: { at?: Date; by?: number } = {}): Promise<void> {
      const period = usagePeriod(opts.at ?? new Date());
      const by = opts.by ?? 1;
      await db.$executeRaw`
        INSERT INTO usage_counters (id, organization_id, period, metric, count, updated_at)
        VALUES (gen_random_uuid(), ${orgId}::uuid, ${period}, ${metric}::"UsageMetric", ${by}, now())
        ON CONFLICT (organization_id, period, metric)
        DO UPDATE SET count = usage_counters.count + EXCLUDED.count, updated_at = now()`;
    },
    /** The count so far; 0 when nothing was metered. */
    async get(orgId: OrgId, period: string, metric: UsageMetricName): Promise<number> {
      const row = await db.usageCounter.findUnique({
        where: { organizationId_period_metric: { organizationId: orgId, period, metric } },
        select: { count: true },
      });
      return row ? Number(row.count) : 0;
    },
    /** Every counter of the periods `from`..`to` (inclusive, `YYYY-MM`), oldest first. */
    async listPeriods(orgId: OrgId, from: string, to: string): Promise<{ period: string; metric: UsageMetricName; count: number }[]> {
      const rows = await db.usageCounter.findMany({
        where: { organizationId: orgId, period: { gte: from, lte: to } },
        orderBy: [{ period: 'asc' }, { metric: 'asc' }],
        select: { period: true, metric: true, count: true },
      });
      return rows.map((r) => ({ period: r.period, metric: r.metric, count: Number(r.count) }));
    },
  };
}
