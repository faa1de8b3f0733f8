import type { ContentType, SenderType, WidgetMessage } from '@parley/contracts';

/** The columns a widget message is made of (a Prisma `Message` row has them all). */
export interface StoredMessage {
  id: string;
  seq: number;
  senderType: SenderType;
  senderId: string;
  contentType: ContentType;
  content: string;
  richMedia: unknown;
  createdAt: Date;
}

/**
 * A stored message in the reference's widget shape: no session id and no read receipts, which
 * are the agents' business. One mapping for the gateway, the bot and every later reader.
 */
export function toWidgetMessage(row: StoredMessage): WidgetMessage {
  const richMedia = row.richMedia;
  return {
    id: row.id,
    seq: row.seq,
    sender_type: row.senderType,
    sender_id: row.senderId,
    content_type: row.contentType,
    content: row.content,
    rich_media: richMedia && typeof richMedia === 'object' && !Array.isArray(richMedia) ? (richMedia as Record<string, unknown>) : null,
    created_at: row.createdAt.toISOString(),
  };
}
