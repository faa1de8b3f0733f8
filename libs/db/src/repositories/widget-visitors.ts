import type { Db } from '../prisma-client';
import { hotSql } from '../hot-sql';
import type { StoredMessage } from '../message-views';
import type { OrgId } from '../tenant';

/** A new anonymous visitor: an end user and their conversation on one channel, made together. */
export interface NewVisitor {
  orgId: OrgId;
  externalId: string;
  displayName?: string | undefined;
  channelId: string;
  botId: string;
}

export interface CreatedVisitor {
  orgId: string;
  externalId: string;
  endUserId: string;
  conversationId: string;
}

/** What a returning anonymous visitor's `/init` needs, read in one statement. */
export interface VisitorSnapshot {
  endUserId: string;
  verified: boolean;
  /** Null when the end user has no conversation on this channel yet. */
  conversation: { id: string; isPreview: boolean } | null;
  /** The newest messages, oldest first. */
  messages: StoredMessage[];
}

interface SnapshotRow {
  endUserId: string;
  verified: boolean;
  conversationId: string | null;
  isPreview: boolean | null;
  id: string | null;
  seq: number | null;
  senderType: StoredMessage['senderType'];
  senderId: string;
  contentType: StoredMessage['contentType'];
  content: string;
  richMedia: unknown;
  createdAt: Date;
}

const CREATE_VISITORS = {
  name: 'parley_widget_create_visitors',
  text: `
    WITH input AS (
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[])
        AS t(org_id, external_id, display_name, channel_id, bot_id)
    ), users AS (
      INSERT INTO end_users (id, organization_id, external_id, display_name, last_seen_at, updated_at)
      SELECT gen_random_uuid(), org_id, external_id, display_name, now(), now() FROM input
      ON CONFLICT (organization_id, external_id) DO NOTHING
      RETURNING id, organization_id, external_id
    ), conversations AS (
      INSERT INTO conversations (id, organization_id, channel_id, bot_id, end_user_id)
      SELECT gen_random_uuid(), u.organization_id, i.channel_id, i.bot_id, u.id
      FROM users u JOIN input i ON i.org_id = u.organization_id AND i.external_id = u.external_id
      RETURNING id, end_user_id
    )
    SELECT u.organization_id::text AS "orgId", u.external_id AS "externalId", u.id::text AS "endUserId",
           c.id::text AS "conversationId"
    FROM users u JOIN conversations c ON c.end_user_id = u.id`,
};

const VISITOR_SNAPSHOT = {
  name: 'parley_widget_visitor_snapshot',
  text: `
    SELECT eu.id::text AS "endUserId", eu.verified, c.id::text AS "conversationId", c.is_preview AS "isPreview",
           m.id::text AS id, m.seq, m.sender_type::text AS "senderType", m.sender_id AS "senderId",
           m.content_type::text AS "contentType", m.content, m.rich_media AS "richMedia", m.created_at AS "createdAt"
    FROM end_users eu
    LEFT JOIN conversations c ON c.end_user_id = eu.id AND c.channel_id = $3::uuid
    LEFT JOIN LATERAL (
      SELECT * FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT $4
    ) m ON true
    WHERE eu.organization_id = $1::uuid AND eu.external_id = $2
    ORDER BY m.seq ASC`,
};

const TOUCH_LAST_SEEN = {
  name: 'parley_widget_touch_last_seen',
  text: `
    UPDATE end_users SET last_seen_at = now()
    FROM unnest($1::uuid[], $2::uuid[]) AS t(org_id, id)
    WHERE end_users.id = t.id AND end_users.organization_id = t.org_id`,
};

/**
 * The statements of `/init` that run on every page view, as named raw SQL on the pool (see
 * `hotSql`): each is one round trip where the Prisma query builder took three to five.
 * Tenant-scoped like every repository.
 */
export function widgetVisitorRepository(db: Db) {
  const sql = hotSql(db);
  return {
    /**
     * Creates many new visitors in one statement (the gateway batches concurrent `/init`s).
     * An external id that already exists is skipped, not updated: it is missing from the
     * result, and the caller takes the careful path for it (claiming, verification rules).
     * The caller passes each (organization, external id) once.
     */
    async createMany(visitors: readonly NewVisitor[]): Promise<CreatedVisitor[]> {
      if (visitors.length === 0) return [];
      const col = <K extends keyof NewVisitor>(key: K) => visitors.map((v) => v[key] ?? null);
      return sql.query<CreatedVisitor>(CREATE_VISITORS, [col('orgId'), col('externalId'), col('displayName'), col('channelId'), col('botId')]);
    },

    /**
     * A returning visitor by external id: the end user, their conversation on the channel and its
     * newest `limit` messages, in one statement (one row per message). Null if there is no such
     * end user. Writes nothing: `last_seen_at` is written behind, see `touchLastSeen`.
     */
    async snapshot(orgId: OrgId, channelId: string, externalId: string, limit: number): Promise<VisitorSnapshot | null> {
      const rows = await sql.query<SnapshotRow>(VISITOR_SNAPSHOT, [orgId, externalId, channelId, limit]);
      const first = rows[0];
      if (!first) return null;
      return {
        endUserId: first.endUserId,
        verified: first.verified,
        conversation: first.conversationId ? { id: first.conversationId, isPreview: first.isPreview ?? false } : null,
        messages: rows.filter((r) => r.id !== null) as StoredMessage[],
      };
    },

    /** `last_seen_at = now()` for many end users at once (a write-behind flush). */
    touchLastSeen(orgEndUsers: readonly { orgId: OrgId; endUserId: string }[]): Promise<number> {
      if (orgEndUsers.length === 0) return Promise.resolve(0);
      return sql.execute(TOUCH_LAST_SEEN, [orgEndUsers.map((r) => r.orgId), orgEndUsers.map((r) => r.endUserId)]);
    },
  };
}
