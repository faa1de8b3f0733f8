import type { FastifyInstance } from 'fastify';
import { badRequest, Topics, WIDGET_ERROR_RESPONSES, LeadBody, LeadView, notFound, scalarMapProblem, WIDGET_BODY_LIMITS, WIDGET_RATE_LIMITS } from '@parley/contracts';
import { leadRepository, type LeadRow } from '@parley/db';
import type { OriginPolicy } from '../../origins/origin-policy';
import { requireWidget, widgetAuth } from '../../origins/widget-auth';
import { perWidgetSubject } from '../rate-limit-keys';

const toLeadView = (lead: LeadRow): LeadView => ({
  id: lead.id,
  email: lead.email,
  name: lead.name,
  phone: lead.phone,
  custom_fields: lead.customFields,
  conversation_id: lead.conversationId,
  created_at: lead.createdAt.toISOString(),
  updated_at: lead.updatedAt.toISOString(),
});

/**
 * `POST /v1/widget/leads`: one lead per bot and e-mail (case-insensitive). The first submission
 * creates it (201); later ones update it (200), keeping fields they leave out and merging custom
 * fields, so a visitor who adds a phone number later does not lose their name.
 */
export async function leadRoutes(app: FastifyInstance, opts: { policy: OriginPolicy }) {
  const leads = leadRepository(app.db);
  app.post(
    '',
    {
      onRequest: requireWidget(opts.policy),
      bodyLimit: WIDGET_BODY_LIMITS.leads,
      config: {
        rateLimit: {
          max: WIDGET_RATE_LIMITS.leads.max,
          timeWindow: WIDGET_RATE_LIMITS.leads.timeWindowMs,
          keyGenerator: perWidgetSubject('leads'),
        },
      },
      schema: {
        tags: ['widget'],
        summary: 'Submit a captured lead (deduplicated by bot and e-mail)',
        security: [{ widgetToken: [] }],
        operationId: 'submitWidgetLead',
        body: LeadBody,
        response: {
          200: LeadView,
          201: LeadView,
          ...WIDGET_ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const auth = await widgetAuth(request);
      const body = request.body as LeadBody;
      const problem = scalarMapProblem(body.custom_fields, 'body/custom_fields');
      if (problem) throw badRequest('Invalid request body', [problem]);
      const result = await leads.upsert(auth.orgId, {
        botId: auth.botId,
        email: body.email,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.custom_fields ? { customFields: body.custom_fields } : {}),
        conversationId: auth.conversationId,
        ...(auth.endUserId ? { endUserId: auth.endUserId } : {}),
      });
      // The bot was deleted since the token was issued.
      if (!result) throw notFound('Bot');
      if (result.created) {
        // Webhooks: a new lead, not a resubmission. Stored is stored: a failed publish is logged.
        const l = result.lead;
        await app.events
          .publish(
            Topics.leadCreated,
            { orgId: auth.orgId, leadId: l.id, botId: auth.botId, conversationId: l.conversationId, endUserId: auth.endUserId ?? null, email: l.email, name: l.name, phone: l.phone },
            { requestId: request.id },
          )
          .catch((err: unknown) => request.log.error({ err, leadId: l.id }, 'could not announce a new lead'));
      }
      return reply.code(result.created ? 201 : 200).send(toLeadView(result.lead));
    },
  );
}
