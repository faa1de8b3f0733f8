import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export interface NewTelemetryEvent {
  /** Each row names its tenant: one batch may mix organizations. */
  orgId: OrgId;
  botId: string;
  conversationId?: string;
  endUserId?: string;
  name: string;
  properties: Prisma.InputJsonValue;
  occurredAt: Date;
  receivedAt: Date;
}

/** Rows per INSERT: well under Postgres' 65,535 bind parameters (8 per row). */
const CHUNK = 1000;

export function telemetryRepository(db: Db) {
  return {
    /** Append-only and written in batches: one multi-row INSERT per chunk, no read-back. */
    async insertMany(events: readonly NewTelemetryEvent[]): Promise<number> {
      let written = 0;
      for (let i = 0; i < events.length; i += CHUNK) {
        const { count } = await db.telemetryEvent.createMany({
          data: events.slice(i, i + CHUNK).map((e) => ({
            organizationId: e.orgId,
            botId: e.botId,
            conversationId: e.conversationId ?? null,
            endUserId: e.endUserId ?? null,
            name: e.name,
            properties: e.properties,
            occurredAt: e.occurredAt,
            receivedAt: e.receivedAt,
          })),
        });
        written += count;
      }
      return written;
    },
    list(orgId: OrgId, opts: { botId?: string; limit?: number } = {}) {
      return db.telemetryEvent.findMany({
        where: { organizationId: orgId, ...(opts.botId ? { botId: opts.botId } : {}) },
        orderBy: { id: 'asc' },
        take: opts.limit ?? 1000,
      });
    },
    /**
     * Events per UTC day and name in [from, to): one GROUP BY on the
     * (organization_id, name, occurred_at) index, however many events there are.
     */
    async dailyCounts(orgId: OrgId, opts: { from: Date; to: Date; botId?: string; name?: string }) {
      const rows = await db.$queryRaw<{ day: string; name: string; count: bigint }[]>`
        SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, name, count(*) AS count
        FROM telemetry_events
        WHERE organization_id = ${orgId}::uuid AND occurred_at >= ${opts.from} AND occurred_at < ${opts.to}
          AND (${opts.botId ?? null}::uuid IS NULL OR bot_id = ${opts.botId ?? null}::uuid)
          AND (${opts.name ?? null}::text IS NULL OR name = ${opts.name ?? null}::text)
        GROUP BY 1, 2
        ORDER BY 1, 2`;
      return rows.map((r) => ({ day: r.day, name: r.name, count: Number(r.count) }));
    },
  };
}
