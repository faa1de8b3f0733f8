import type { FastifyInstance } from 'fastify';
import { ActivityQuery, ActivityResponse, AppError, ErrorCode, errorResponses, type ActivityDay } from '@parley/contracts';
import { SESSION_SECURITY } from '../inbox-context';
import { activityCounts } from './activity-queries';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;

const badRange = (message: string) => new AppError(400, ErrorCode.VALIDATION_FAILED, message, [{ path: 'querystring/from', message }]);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * `/api/console/activity`: what the team and the bots did per UTC day (messages by sender,
 * conversations opened and resolved, how long visitors waited for a human), for the console's
 * charts. Every day of the range is present, zeros included, so a chart needs no gap filling.
 */
export async function activityRoutes(app: FastifyInstance) {
  app.get(
    '/activity',
    {
      schema: {
        tags: ['console-activity'],
        operationId: 'getActivity',
        summary: `Messages, conversations opened and resolved, and first response times per UTC day; default the last ${DEFAULT_DAYS} days`,
        security: SESSION_SECURITY,
        querystring: ActivityQuery,
        response: { 200: ActivityResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { orgId } = (await request.loadAgent())!;
      const query = request.query as ActivityQuery;
      const to = query.to ?? isoDay(Date.now());
      const from = query.from ?? isoDay(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS);
      const start = Date.parse(from);
      const end = Date.parse(to) + DAY_MS;
      if (start >= end) throw badRange('from must not be after to');
      if ((end - start) / DAY_MS > MAX_DAYS) throw badRange(`at most ${MAX_DAYS} days at once`);

      const counts = await activityCounts(app.db, orgId, new Date(start), new Date(end));
      const days: ActivityDay[] = [];
      for (let t = start; t < end; t += DAY_MS) {
        const day = isoDay(t);
        const response = counts.firstResponse.get(day);
        days.push({
          day,
          messages: counts.messages.get(day) ?? { end_user: 0, agent: 0, bot: 0 },
          conversations_opened: counts.opened.get(day) ?? 0,
          conversations_resolved: counts.resolved.get(day) ?? 0,
          first_responses: response?.count ?? 0,
          median_first_response_s: response?.median ?? null,
          p90_first_response_s: response?.p90 ?? null,
        });
      }
      return { from, to, days };
    },
  );
}
