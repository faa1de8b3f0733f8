import type { ContentType, SenderType, WidgetMessage } from '@parley/contracts';

/** The columns a widget message is made of (a Prisma `Message` row has them all). */
export interface MessageRowLike {
  id: string;
  seq: number;
  senderType: SenderType;
  senderId: string;
  contentType: ContentType;
  content: string;
  richMedia: unknown;
  createdAt: Date;
}

/** The reference's widget shape: no session id and no read receipts, which are the agents' business. */
export function toWidgetMessage(row: MessageRowLike): WidgetMessage {
  const richMedia = row.richMedia;
  // The cast only bridges contracts' literal unions, whose TypeBox `Static` comes out as never.
  return {
    id: row.id,
    seq: row.seq,
    sender_type: row.senderType,
    sender_id: row.senderId,
    content_type: row.contentType,
    content: row.content,
    rich_media: richMedia && typeof richMedia === 'object' && !Array.isArray(richMedia) ? (richMedia as Record<string, unknown>) : null,
    created_at: row.createdAt.toISOString(),
  } as WidgetMessage;
}
