import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { errorResponses, LeadCsv, LeadExportQuery, LeadList, LeadListQuery, type ConsoleLeadView } from '@parley/contracts';
import { createRepositories, type LeadFilter, type OrgId } from '@parley/db';
import { decodeCursor, pageOf } from '@parley/inbox';
import { SESSION_SECURITY } from '../inbox-context';
import { LEAD_CSV_HEADER, leadCsvRow } from './lead-csv';

const TAGS = ['console-leads'];
const EXPORT_PAGE = 500;

type LeadRow = Awaited<ReturnType<ReturnType<typeof createRepositories>['leads']['list']>>[number];
/** A stored lead as the console shows it (also the inbox's visitor details, without `bot_id`). */
export const toView = (l: LeadRow): ConsoleLeadView => ({
  id: l.id,
  bot_id: l.botId,
  email: l.email,
  name: l.name,
  phone: l.phone,
  custom_fields: l.customFields && typeof l.customFields === 'object' && !Array.isArray(l.customFields) ? (l.customFields as Record<string, unknown>) : {},
  conversation_id: l.conversationId,
  created_at: l.createdAt.toISOString(),
  updated_at: l.updatedAt.toISOString(),
});

const filterOf = (q: LeadExportQuery): LeadFilter => ({
  ...(q.bot_id ? { botId: q.bot_id } : {}),
  ...(q.q ? { q: q.q } : {}),
  ...(q.from ? { from: new Date(q.from) } : {}),
  ...(q.to ? { to: new Date(q.to) } : {}),
});

/** `/api/console/leads`: captured contacts, filtered and paged, and the same filter as CSV. */
export async function leadRoutes(app: FastifyInstance) {
  const leads = createRepositories(app.db).leads;

  app.get(
    '/',
    {
      schema: { tags: TAGS, operationId: 'listLeads', security: SESSION_SECURITY, querystring: LeadListQuery, response: { 200: LeadList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      const { orgId } = (await request.loadAgent())!;
      const query = request.query as LeadListQuery;
      const limit = query.limit ?? 50;
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await leads.list(orgId, { ...filterOf(query), limit: limit + 1, ...(cursor ? { cursor: { createdAt: cursor.at, id: cursor.id } } : {}) });
      const page = pageOf(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { leads: page.items.map(toView), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/export.csv',
    {
      schema: {
        tags: TAGS,
        operationId: 'exportLeadsCsv',
        summary: 'Every lead matching the filter as CSV (RFC 4180, UTF-8), newest first',
        security: SESSION_SECURITY,
        querystring: LeadExportQuery,
        produces: ['text/csv'],
        response: { 200: LeadCsv, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { orgId } = (await request.loadAgent())!;
      const filter = filterOf(request.query as LeadExportQuery);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="leads-${day}.csv"`)
        .send(Readable.from(csvLines(orgId, filter)));
    },
  );

  /** Streamed page by page, so an export of any size holds one page in memory. */
  async function* csvLines(orgId: OrgId, filter: LeadFilter): AsyncGenerator<string> {
    yield LEAD_CSV_HEADER;
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const rows = await leads.list(orgId, { ...filter, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
      yield rows.map((row) => leadCsvRow(toView(row))).join('');
      const last = rows[rows.length - 1];
      if (rows.length < EXPORT_PAGE || !last) return;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  }
}
