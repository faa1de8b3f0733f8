import type { FastifyInstance } from 'fastify';
import {
  badRequest,
  ErrorBody,
  EventsAccepted,
  EventsBody,
  WIDGET_BODY_LIMITS,
  WIDGET_RATE_LIMITS,
  scalarMapProblem,
} from '@parley/contracts';
import type { NewTelemetryEvent, Prisma } from '@parley/db';
import type { OriginPolicy } from '../../origins/origin-policy';
import { requireWidget, widgetAuth } from '../../origins/widget-auth';
import type { WriteBehindBuffer } from '../../write-behind/write-behind-buffer';
import { perWidgetSubject } from '../rate-limit-keys';

/** A client clock further ahead than this is not believed. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Nor one claiming an event from longer ago than a batch could have waited offline. */
const MAX_AGE_MS = 7 * 86_400_000;

export interface EventRouteOptions {
  policy: OriginPolicy;
  buffer: WriteBehindBuffer<NewTelemetryEvent>;
}

/** The client's `occurred_at` when plausible, otherwise the time we received the batch. */
function occurredAt(value: string | undefined, receivedAt: Date): Date {
  if (!value) return receivedAt;
  const at = new Date(value);
  const delta = at.getTime() - receivedAt.getTime();
  return Number.isNaN(delta) || delta > MAX_FUTURE_SKEW_MS || delta < -MAX_AGE_MS ? receivedAt : at;
}

/** `POST /v1/widget/events`: analytics batches, buffered and written in bulk (202 at once). */
export async function eventRoutes(app: FastifyInstance, opts: EventRouteOptions) {
  app.post(
    '',
    {
      onRequest: requireWidget(opts.policy),
      bodyLimit: WIDGET_BODY_LIMITS.events,
      config: {
        rateLimit: {
          max: WIDGET_RATE_LIMITS.events.max,
          timeWindow: WIDGET_RATE_LIMITS.events.timeWindowMs,
          keyGenerator: perWidgetSubject('events'),
        },
      },
      schema: {
        tags: ['widget'],
        summary: 'Record a batch of widget analytics events',
        security: [{ widgetToken: [] }],
        operationId: 'recordWidgetEvents',
        body: EventsBody,
        response: { 202: EventsAccepted, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const auth = await widgetAuth(request);
      const body = request.body as EventsBody;
      body.events.forEach((e, i) => {
        const problem = scalarMapProblem(e.properties, `body/events/${i}/properties`);
        if (problem) throw badRequest('Invalid request body', [problem]);
      });
      const receivedAt = new Date();
      const rows: NewTelemetryEvent[] = body.events.map((e) => ({
        orgId: auth.orgId,
        botId: auth.botId,
        conversationId: auth.conversationId,
        ...(auth.endUserId ? { endUserId: auth.endUserId } : {}),
        name: e.name,
        properties: (e.properties ?? {}) as Prisma.InputJsonValue,
        occurredAt: occurredAt(e.occurred_at, receivedAt),
        receivedAt,
      }));
      opts.buffer.add(rows);
      return reply.code(202).send({ accepted: rows.length });
    },
  );
}
