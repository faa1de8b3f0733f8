import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export type WebhookDeliveryStatusName = 'pending' | 'succeeded' | 'failed';

export interface NewWebhookDelivery {
  /** Derived from (endpoint, event) by the caller, so every node computes the same id. */
  id: string;
  endpointId: string;
  eventType: string;
  eventId: string;
  payload: Prisma.InputJsonValue;
}

export interface AttemptRecord {
  attempt: number;
  statusCode: number | null;
  responseMs: number;
  error: string | null;
  /** `retry`: stays pending until `nextAttemptAt`; `failed`: out of attempts (dead letter). */
  outcome: 'succeeded' | 'retry' | 'failed';
  nextAttemptAt: Date | null;
}

const listed = {
  id: true,
  endpointId: true,
  eventType: true,
  eventId: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastResponseMs: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} as const;

export function webhookDeliveryRepository(db: Db) {
  return {
    /**
     * One row per (endpoint, event): when several notification nodes receive the same event, the
     * unique index lets exactly one insert through and the others are skipped silently.
     */
    async createForEvent(orgId: OrgId, rows: NewWebhookDelivery[]): Promise<number> {
      if (!rows.length) return 0;
      const { count } = await db.webhookDelivery.createMany({ data: rows.map((r) => ({ ...r, organizationId: orgId })), skipDuplicates: true });
      return count;
    },
    /**
     * Claims the next attempt of a pending delivery: bumps `attempts` and returns its number with
     * what to send. Null when the delivery is gone or no longer pending (already delivered).
     */
    async beginAttempt(orgId: OrgId, id: string) {
      const rows = await db.$queryRaw<{ attempts: number; endpoint_id: string; payload: unknown; event_type: string }[]>`
        UPDATE webhook_deliveries SET attempts = attempts + 1, updated_at = now()
         WHERE id = ${id}::uuid AND organization_id = ${orgId}::uuid AND status = 'pending'
        RETURNING attempts, endpoint_id::text AS endpoint_id, payload, event_type`;
      const row = rows[0];
      return row ? { attempt: row.attempts, endpointId: row.endpoint_id, payload: row.payload, eventType: row.event_type } : null;
    },
    async recordAttempt(orgId: OrgId, id: string, a: AttemptRecord): Promise<void> {
      const status = a.outcome === 'retry' ? 'pending' : a.outcome;
      await db.$transaction([
        db.webhookDeliveryAttempt.createMany({
          data: [{ organizationId: orgId, deliveryId: id, attempt: a.attempt, statusCode: a.statusCode, responseMs: a.responseMs, error: a.error }],
          skipDuplicates: true,
        }),
        db.webhookDelivery.updateMany({
          where: { id, organizationId: orgId },
          data: {
            status,
            lastStatusCode: a.statusCode,
            lastResponseMs: a.responseMs,
            lastError: a.error,
            nextAttemptAt: a.nextAttemptAt,
            ...(a.outcome === 'succeeded' ? { deliveredAt: new Date() } : {}),
          },
        }),
      ]);
    },
    /** Ends a pending delivery without an attempt (its endpoint was deleted or disabled). */
    async abandon(orgId: OrgId, id: string, reason: string): Promise<void> {
      await db.webhookDelivery.updateMany({ where: { id, organizationId: orgId, status: 'pending' }, data: { status: 'failed', lastError: reason, nextAttemptAt: null } });
    },
    list(orgId: OrgId, filter: { endpointId?: string; status?: WebhookDeliveryStatusName; limit: number }) {
      return db.webhookDelivery.findMany({
        where: { organizationId: orgId, ...(filter.endpointId ? { endpointId: filter.endpointId } : {}), ...(filter.status ? { status: filter.status } : {}) },
        select: listed,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: filter.limit,
      });
    },
    detail(orgId: OrgId, id: string) {
      return db.webhookDelivery.findFirst({
        where: { id, organizationId: orgId },
        select: { ...listed, payload: true, attemptLog: { orderBy: { attempt: 'asc' } } },
      });
    },
    /** Redelivery: pending again, whatever it ended as. Returns the attempts made so far, or null. */
    async requeue(orgId: OrgId, id: string): Promise<number | null> {
      const rows = await db.$queryRaw<{ attempts: number }[]>`
        UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now()
         WHERE id = ${id}::uuid AND organization_id = ${orgId}::uuid RETURNING attempts`;
      return rows[0]?.attempts ?? null;
    },
  };
}
