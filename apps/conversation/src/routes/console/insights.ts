import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode, errorResponses, TelemetryQuery, TelemetryResponse, UsageQuery, UsageResponse, type UsageMonth } from '@parley/contracts';
import { createRepositories, usagePeriod } from '@parley/db';
import { SESSION_SECURITY } from '../inbox-context';

const MAX_MONTHS = 36;
const DEFAULT_MONTHS = 12;
const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

const badRange = (message: string) => new AppError(400, ErrorCode.VALIDATION_FAILED, message, [{ path: 'querystring/from', message }]);

/** `YYYY-MM` shifted by `delta` months. */
function addMonths(period: string, delta: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return usagePeriod(new Date(Date.UTC(y, m - 1 + delta, 1)));
}

/** Every month from..to inclusive, so a chart shows the empty ones too. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) out.push(p);
  return out;
}

/** `/api/console/usage` and `/api/console/telemetry`: what the organization used, and what its widgets saw. */
export async function insightRoutes(app: FastifyInstance) {
  const repos = createRepositories(app.db);

  app.get(
    '/usage',
    {
      schema: {
        tags: ['console-usage'],
        operationId: 'getUsage',
        summary: `Metered usage per calendar month (UTC); default the last ${DEFAULT_MONTHS} months`,
        security: SESSION_SECURITY,
        querystring: UsageQuery,
        response: { 200: UsageResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { orgId } = (await request.loadAgent())!;
      const query = request.query as UsageQuery;
      const to = query.to ?? usagePeriod(new Date());
      const from = query.from ?? addMonths(to, 1 - DEFAULT_MONTHS);
      if (from > to) throw badRange('from must not be after to');
      const months = monthsBetween(from, to);
      if (months.length > MAX_MONTHS) throw badRange(`at most ${MAX_MONTHS} months at once`);
      const byMonth = new Map<string, UsageMonth>(
        months.map((period) => [period, { period, text_message: 0, preview_text_message: 0, voice_minute: 0, preview_voice_minute: 0 }]),
      );
      for (const row of await repos.usage.listPeriods(orgId, from, to)) byMonth.get(row.period)![row.metric] = row.count;
      return { from, to, months: [...byMonth.values()] };
    },
  );

  app.get(
    '/telemetry',
    {
      schema: {
        tags: ['console-telemetry'],
        operationId: 'getTelemetryCounts',
        summary: `Widget events counted per UTC day and event name; default the last ${DEFAULT_DAYS} days`,
        security: SESSION_SECURITY,
        querystring: TelemetryQuery,
        response: { 200: TelemetryResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { orgId } = (await request.loadAgent())!;
      const query = request.query as TelemetryQuery;
      const to = query.to ?? new Date().toISOString().slice(0, 10);
      const from = query.from ?? new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
      const start = Date.parse(from);
      const end = Date.parse(to) + DAY_MS;
      if (start >= end) throw badRange('from must not be after to');
      if ((end - start) / DAY_MS > MAX_DAYS) throw badRange(`at most ${MAX_DAYS} days at once`);
      const counts = await repos.telemetry.dailyCounts(orgId, {
        from: new Date(start),
        to: new Date(end),
        ...(query.bot_id ? { botId: query.bot_id } : {}),
        ...(query.name ? { name: query.name } : {}),
      });
      return { from, to, counts };
    },
  );
}
