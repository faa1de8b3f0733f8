import { Prisma, type Db, type OrgId } from '@parley/db';

/**
 * Daily activity of an organization in [from, to), per UTC day: one GROUP BY per figure, each on
 * an index that starts with organization_id. Preview conversations (dashboard tests) are left
 * out, as they are from usage.
 */

export interface DayCounts {
  messages: Map<string, { end_user: number; agent: number; bot: number }>;
  opened: Map<string, number>;
  resolved: Map<string, number>;
  firstResponse: Map<string, { count: number; median: number | null; p90: number | null }>;
}

/** The UTC day of a timestamp column; `column` is always one of ours, never input. */
const day = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`);

export async function activityCounts(db: Db, orgId: OrgId, from: Date, to: Date): Promise<DayCounts> {
  const [messages, opened, resolved, firstResponse] = await Promise.all([
    db.$queryRaw<{ day: string; sender_type: 'end_user' | 'agent' | 'bot'; count: number }[]>`
      SELECT ${day('m.created_at')} AS day, m.sender_type::text AS sender_type, count(*)::int AS count
      FROM messages m JOIN conversations c ON c.id = m.conversation_id AND NOT c.is_preview
      WHERE m.organization_id = ${orgId}::uuid AND m.created_at >= ${from} AND m.created_at < ${to}
      GROUP BY 1, 2`,
    sessionsPerDay(db, 'first_message_at', orgId, from, to),
    sessionsPerDay(db, 'resolved_at', orgId, from, to),
    // The wait for a human: from the session's first end-user message to the first agent message in it.
    db.$queryRaw<{ day: string; count: number; median: number | null; p90: number | null }[]>`
      SELECT ${day('s.first_message_at')} AS day, count(*)::int AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.at - s.first_message_at))::float8 AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.at - s.first_message_at))::float8 AS p90
       FROM conversation_sessions s
       JOIN conversations c ON c.id = s.conversation_id AND NOT c.is_preview
       CROSS JOIN LATERAL (
         SELECT min(m.created_at) AS at FROM messages m WHERE m.session_id = s.id AND m.sender_type = 'agent'
       ) r
       WHERE s.organization_id = ${orgId}::uuid AND s.first_message_at >= ${from} AND s.first_message_at < ${to} AND r.at IS NOT NULL
       GROUP BY 1`,
  ]);
  const byDay = new Map<string, { end_user: number; agent: number; bot: number }>();
  for (const row of messages) {
    const entry = byDay.get(row.day) ?? { end_user: 0, agent: 0, bot: 0 };
    entry[row.sender_type] = row.count;
    byDay.set(row.day, entry);
  }
  return {
    messages: byDay,
    opened,
    resolved,
    firstResponse: new Map(firstResponse.map((r) => [r.day, { count: r.count, median: r.median, p90: r.p90 }])),
  };
}

/** Sessions per UTC day of one of their timestamps (the column name is ours, never the caller's). */
async function sessionsPerDay(db: Db, column: 'first_message_at' | 'resolved_at', orgId: OrgId, from: Date, to: Date) {
  const col = Prisma.raw(`s.${column}`);
  const rows = await db.$queryRaw<{ day: string; count: number }[]>`
    SELECT ${day(`s.${column}`)} AS day, count(*)::int AS count
    FROM conversation_sessions s JOIN conversations c ON c.id = s.conversation_id AND NOT c.is_preview
    WHERE s.organization_id = ${orgId}::uuid AND ${col} >= ${from} AND ${col} < ${to}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.day, r.count]));
}
