import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';
import { normalizeEmail } from './users';

export interface LeadInput {
  botId: string;
  email: string;
  name?: string;
  phone?: string;
  customFields?: Record<string, unknown>;
  conversationId?: string;
  endUserId?: string;
}

export interface LeadRow {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  customFields: Record<string, unknown>;
  conversationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface RawLead {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  custom_fields: Record<string, unknown>;
  conversation_id: string | null;
  created_at: Date;
  updated_at: Date;
  created: boolean;
}

export interface LeadFilter {
  botId?: string;
  q?: string;
  from?: Date;
  to?: Date;
}

function leadWhere(orgId: OrgId, f: LeadFilter): Prisma.LeadWhereInput {
  const createdAt = f.from || f.to ? { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } : undefined;
  return {
    organizationId: orgId,
    ...(f.botId ? { botId: f.botId } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(f.q
      ? { OR: [{ email: { contains: f.q, mode: 'insensitive' as const } }, { name: { contains: f.q, mode: 'insensitive' as const } }] }
      : {}),
  };
}

export function leadRepository(db: Db) {
  return {
    /**
     * One lead per (bot, e-mail), in one statement: `INSERT ... ON CONFLICT DO UPDATE` is atomic,
     * so two simultaneous first submissions still make one row, and `xmax = 0` tells a fresh
     * insert from an update without a second query. On update, absent fields keep their stored
     * values and custom fields are merged key by key.
     */
    async upsert(orgId: OrgId, input: LeadInput): Promise<{ lead: LeadRow; created: boolean } | null> {
      const rows = await db.$queryRaw<RawLead[]>`
        INSERT INTO leads (id, organization_id, bot_id, conversation_id, end_user_id, email, name, phone, custom_fields, created_at, updated_at)
        SELECT gen_random_uuid(), ${orgId}::uuid, b.id, ${input.conversationId ?? null}::uuid, ${input.endUserId ?? null}::uuid,
               ${normalizeEmail(input.email)}, ${input.name ?? null}, ${input.phone ?? null},
               ${JSON.stringify(input.customFields ?? {})}::jsonb, now(), now()
        FROM bots b WHERE b.id = ${input.botId}::uuid AND b.organization_id = ${orgId}::uuid
        ON CONFLICT (bot_id, email) DO UPDATE SET
          name = COALESCE(EXCLUDED.name, leads.name),
          phone = COALESCE(EXCLUDED.phone, leads.phone),
          custom_fields = leads.custom_fields || EXCLUDED.custom_fields,
          conversation_id = COALESCE(EXCLUDED.conversation_id, leads.conversation_id),
          end_user_id = COALESCE(EXCLUDED.end_user_id, leads.end_user_id),
          updated_at = now()
        WHERE leads.organization_id = EXCLUDED.organization_id
        RETURNING id, email, name, phone, custom_fields, conversation_id, created_at, updated_at, (xmax = 0) AS created`;
      const row = rows[0];
      // No row: the bot is not this organization's.
      if (!row) return null;
      return {
        created: row.created,
        lead: {
          id: row.id,
          email: row.email,
          name: row.name,
          phone: row.phone,
          customFields: row.custom_fields,
          conversationId: row.conversation_id,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        },
      };
    },
    /**
     * Newest first, one keyset page after `cursor`. `q` matches part of the e-mail or the name,
     * case-insensitively; `from`/`to` bound `created_at` (from inclusive, to exclusive).
     */
    list(orgId: OrgId, filter: LeadFilter & { limit: number; cursor?: { createdAt: Date; id: string } }) {
      const c = filter.cursor;
      return db.lead.findMany({
        where: {
          AND: [
            leadWhere(orgId, filter),
            c ? { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] } : {},
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: filter.limit,
      });
    },
    findByEmail(orgId: OrgId, botId: string, email: string) {
      return db.lead.findFirst({ where: { organizationId: orgId, botId, email: normalizeEmail(email) } });
    },
  };
}
