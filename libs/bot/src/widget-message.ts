import type { ContentType, SenderType, WidgetMessage } from '@parley/contracts';

/** The columns of a stored message that the widget sees. */
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

/** A stored message in the widget's wire shape (reference: Message History). */
export function toWidgetMessage(m: StoredMessage): WidgetMessage {
  // The cast only bridges contracts' literal unions, whose TypeBox `Static` comes out as never.
  return {
    id: m.id,
    seq: m.seq,
    sender_type: m.senderType,
    sender_id: m.senderId,
    content_type: m.contentType,
    content: m.content,
    rich_media: m.richMedia && typeof m.richMedia === 'object' && !Array.isArray(m.richMedia) ? (m.richMedia as Record<string, unknown>) : null,
    created_at: m.createdAt.toISOString(),
  } as WidgetMessage;
}
