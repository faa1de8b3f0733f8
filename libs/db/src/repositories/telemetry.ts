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
  };
}
