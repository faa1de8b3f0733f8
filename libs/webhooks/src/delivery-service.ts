import { conflict, notFound, type WebhookDeliveryDetail, type WebhookDeliveryView } from '@parley/contracts';
import type { QueueRegistry } from '@parley/bus';
import { webhookDeliveryRepository, type Db, type OrgId, type WebhookDeliveryStatusName } from '@parley/db';
import { enqueueDelivery } from './fan-out';

type Listed = Awaited<ReturnType<ReturnType<typeof webhookDeliveryRepository>['list']>>[number];
type Detailed = NonNullable<Awaited<ReturnType<ReturnType<typeof webhookDeliveryRepository>['detail']>>>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDeliveryView(d: Listed): WebhookDeliveryView {
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    event_type: d.eventType,
    event_id: d.eventId,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_response_ms: d.lastResponseMs,
    last_error: d.lastError,
    next_attempt_at: iso(d.nextAttemptAt),
    delivered_at: iso(d.deliveredAt),
    created_at: d.createdAt.toISOString(),
  };
}

function toDetail(d: Detailed): WebhookDeliveryDetail {
  return {
    ...toDeliveryView(d),
    payload: d.payload as Record<string, unknown>,
    attempt_log: d.attemptLog.map((a) => ({
      attempt: a.attempt,
      status_code: a.statusCode,
      response_ms: a.responseMs,
      error: a.error,
      at: a.createdAt.toISOString(),
    })),
  };
}

/** The console's view of deliveries: the log, one delivery's attempts, and redelivery. */
export function webhookDeliveries(db: Db, queues: Pick<QueueRegistry, 'get'>) {
  const repo = webhookDeliveryRepository(db);
  return {
    async list(orgId: OrgId, filter: { endpointId?: string; status?: WebhookDeliveryStatusName; limit: number }): Promise<WebhookDeliveryView[]> {
      return (await repo.list(orgId, filter)).map(toDeliveryView);
    },
    async get(orgId: OrgId, id: string): Promise<WebhookDeliveryDetail> {
      const row = await repo.detail(orgId, id);
      if (!row) throw notFound('Delivery');
      return toDetail(row);
    },
    /**
     * Sends a delivery again (failed, or delivered and wanted once more) with the same id and
     * body, so receivers that already processed it can tell. A pending one is already queued.
     * The job id carries the attempts so far: a double click enqueues once.
     */
    async redeliver(orgId: OrgId, id: string, requestId: string): Promise<WebhookDeliveryDetail> {
      const row = await repo.detail(orgId, id);
      if (!row) throw notFound('Delivery');
      if (row.status === 'pending') throw conflict('This delivery is still being attempted');
      const attempts = await repo.requeue(orgId, id);
      if (attempts === null) throw notFound('Delivery');
      await enqueueDelivery(queues, orgId, id, requestId, attempts);
      return this.get(orgId, id);
    },
  };
}
