import { Queues } from '@parley/contracts';
import type { EventBus, QueueRegistry } from '@parley/bus';
import { asOrgId, webhookDeliveryRepository, webhookEndpointRepository, type Db, type Prisma } from '@parley/db';
import { deliveryIdFor, WEBHOOK_TOPICS, webhookEventId, type WebhookEvent } from './webhook-events';
import { WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF_TYPE } from './retry-schedule';

export interface FanOutLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface FanOutDeps {
  db: Db;
  events: Pick<EventBus, 'subscribe'>;
  queues: Pick<QueueRegistry, 'get'>;
  log: FanOutLogger;
}

export const webhookJobId = (deliveryId: string, attemptsBefore = 0) => (attemptsBefore ? `webhook-${deliveryId}-r${attemptsBefore}` : `webhook-${deliveryId}`);

/** Enqueues one delivery's job; the job id makes a second enqueue of the same delivery a no-op. */
export function enqueueDelivery(queues: Pick<QueueRegistry, 'get'>, orgId: string, deliveryId: string, requestId: string, attemptsBefore = 0) {
  return queues.get(Queues.webhooks).add('deliver-webhook', { orgId, deliveryId }, {
    requestId,
    jobId: webhookJobId(deliveryId, attemptsBefore),
    attempts: WEBHOOK_ATTEMPTS,
    backoff: { type: WEBHOOK_BACKOFF_TYPE },
  });
}

/**
 * Turns pub/sub events into webhook deliveries. Every notification node with workers runs this
 * and so receives every event; each computes the same event id and delivery ids, the unique
 * (endpoint, event) index lets one insert through, and the job id makes the enqueue idempotent:
 * an endpoint gets an event once however many nodes heard it. Returns the unsubscribe function.
 */
export async function startWebhookFanOut(deps: FanOutDeps): Promise<() => Promise<void>> {
  const endpoints = webhookEndpointRepository(deps.db);
  const deliveries = webhookDeliveryRepository(deps.db);
  const unsubscribes: (() => Promise<void>)[] = [];

  for (const m of WEBHOOK_TOPICS) {
    const unsubscribe = await deps.events.subscribe(m.topic, async (payload, meta) => {
      const orgId = asOrgId((payload as { orgId: string }).orgId);
      try {
        const targets = await endpoints.subscribedTo(orgId, m.type);
        if (!targets.length) return;
        const event: WebhookEvent = {
          id: webhookEventId(m.type, m.key(payload, meta.emittedAt)),
          type: m.type,
          created_at: meta.emittedAt,
          organization_id: orgId,
          data: m.data(payload),
        };
        const rows = targets.map((t) => ({
          id: deliveryIdFor(t.id, event.id),
          endpointId: t.id,
          eventType: m.type,
          eventId: event.id,
          payload: event as unknown as Prisma.InputJsonValue,
        }));
        await deliveries.createForEvent(orgId, rows);
        await Promise.all(rows.map((r) => enqueueDelivery(deps.queues, orgId, r.id, meta.requestId)));
      } catch (err) {
        // Pub/sub has no redelivery: say loudly which event was lost for which organization.
        deps.log.error({ err, topic: m.topic.name, orgId, requestId: meta.requestId }, 'webhook fan-out failed for an event');
      }
    });
    unsubscribes.push(unsubscribe);
  }
  return async () => {
    await Promise.all(unsubscribes.map((u) => u()));
  };
}
