import type { ContentType, SenderType } from '@parley/contracts';
import { hotSql } from '../hot-sql';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';
import type { PushPlatformName } from './push-credentials';

export interface PushTargetDevice {
  id: string;
  platform: PushPlatformName;
  token: string;
  channelId: string;
  /** The device's channel setting: show the message text, or only "New message". */
  previewEnabled: boolean;
}

export interface PushTarget {
  senderType: SenderType;
  contentType: ContentType;
  content: string;
  /** Who the notification is from: the agent's display name or the bot's name, if known. */
  senderName: string | null;
  endUserId: string;
  /** The end user's active devices. */
  devices: PushTargetDevice[];
}

interface Row {
  sender_type: SenderType;
  content_type: ContentType;
  content: string;
  sender_name: string | null;
  end_user_id: string;
  devices: PushTargetDevice[] | null;
}

interface BatchRow extends Row {
  idx: number;
}

export interface PushTargetKey {
  orgId: OrgId;
  conversationId: string;
  messageId: string;
}

const LOAD_PUSH_TARGETS = {
  name: 'parley_push_targets',
  text: `
    SELECT k.idx::int AS idx, m.sender_type::text AS sender_type, m.content_type::text AS content_type, m.content,
           COALESCE(u.display_name, b.name) AS sender_name, c.end_user_id::text AS end_user_id,
           (SELECT json_agg(json_build_object(
                     'id', d.id, 'platform', d.platform, 'token', d.token, 'channelId', d.channel_id,
                     'previewEnabled', ch.push_preview_enabled) ORDER BY d.created_at)
              FROM devices d JOIN channels ch ON ch.id = d.channel_id
             WHERE d.organization_id = c.organization_id AND d.end_user_id = c.end_user_id AND d.active) AS devices
      FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS k(message_id, conversation_id, organization_id, idx)
      JOIN messages m ON m.id = k.message_id AND m.conversation_id = k.conversation_id AND m.organization_id = k.organization_id
      JOIN conversations c ON c.id = m.conversation_id
      LEFT JOIN bots b ON b.id = c.bot_id
      LEFT JOIN users u ON m.sender_type = 'agent' AND u.id::text = m.sender_id AND u.organization_id = m.organization_id`,
};

/**
 * Everything push jobs need, for many jobs in one round trip: the worker runs jobs concurrently
 * and batches their lookups, so Postgres plans and runs one query for a burst instead of one per
 * push. Each key matches only its own organization's message in its own conversation. It runs
 * as a named statement on the pool (`hotSql`): Prisma's raw-query path had been 4-5% of the push
 * worker's CPU for this one call.
 */
export function pushTargetRepository(db: Db) {
  const sql = hotSql(db);
  return {
    async loadMany(keys: PushTargetKey[]): Promise<(PushTarget | null)[]> {
      if (!keys.length) return [];
      const rows = await sql.query<BatchRow>(LOAD_PUSH_TARGETS, [keys.map((k) => k.messageId), keys.map((k) => k.conversationId), keys.map((k) => k.orgId)]);
      const out: (PushTarget | null)[] = keys.map(() => null);
      for (const row of rows) {
        out[row.idx - 1] = {
          senderType: row.sender_type,
          contentType: row.content_type,
          content: row.content,
          senderName: row.sender_name,
          endUserId: row.end_user_id,
          devices: row.devices ?? [],
        };
      }
      return out;
    },
    async load(orgId: OrgId, conversationId: string, messageId: string): Promise<PushTarget | null> {
      return (await this.loadMany([{ orgId, conversationId, messageId }]))[0] ?? null;
    },
  };
}
