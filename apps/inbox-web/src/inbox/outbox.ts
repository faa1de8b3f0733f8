import type { ChatMessage, ContentType } from '../api/types';
import { newClientMessageId } from '../lib/ids';
import { realtime } from '../realtime/connection';
import { RealtimeError } from '../realtime/socket-client';
import { inbox, patchConversation, updateThread } from './inbox-store';
import { confirmPending, markDelivery } from './thread';

export interface Draft {
  content: string;
  content_type: ContentType;
  rich_media: Record<string, unknown> | null;
}

interface Outgoing extends Draft {
  conversationId: string;
}

/** Messages sent but not yet acknowledged, by client message id. */
const outbox = new Map<string, Outgoing>();

const FAILURES: Record<string, string> = {
  NO_OPEN_SESSION: 'Not sent: this conversation is resolved.',
  INVALID_RICH_MEDIA: 'Not sent: the message is not valid.',
  VALIDATION_FAILED: 'Not sent: the message is not valid.',
  RATE_LIMITED: 'Not sent: too many messages. Wait a moment and retry.',
  TIMEOUT: 'Not confirmed by the server.',
};

/**
 * Sends optimistically: the message shows at once as "sending", with a client message id the
 * server stores it under. Every retry (a manual one, or the automatic resend after a reconnect)
 * reuses that id, so the server keeps one message however many times it arrives; the
 * acknowledgement, or the message's own `message_received`, turns it into the stored one.
 */
export function sendMessage(conversationId: string, draft: Draft): void {
  const clientId = newClientMessageId();
  const pending: ChatMessage = {
    id: `pending:${clientId}`,
    seq: 0,
    session_id: '',
    sender_type: 'agent',
    sender_id: inbox.get().meId,
    content_type: draft.content_type,
    content: draft.content,
    rich_media: draft.rich_media,
    read_by: {},
    created_at: new Date().toISOString(),
    delivery: 'sending',
    client_message_id: clientId,
  };
  updateThread(conversationId, (t) => ({ messages: [...t.messages, pending] }));
  outbox.set(clientId, { ...draft, conversationId });
  deliver(clientId);
}

function deliver(clientId: string): void {
  const item = outbox.get(clientId);
  const rt = realtime();
  if (!item || !rt.connected) return; // resent by flushOutbox() on the next connect
  rt.request<{ id: string; seq: number }>('send_message', {
    conversation_id: item.conversationId,
    content: item.content,
    content_type: item.content_type,
    ...(item.rich_media ? { rich_media: item.rich_media } : {}),
    sender_type: 'agent',
    client_message_id: clientId,
  }).then(
    (ack) => {
      outbox.delete(clientId);
      updateThread(item.conversationId, (t) => ({ messages: confirmPending(t.messages, clientId, ack) }));
      patchConversation(item.conversationId, (c) => ({ ...c, updated_at: new Date().toISOString() }));
    },
    (err: unknown) => {
      // Cut off mid-send: it stays "sending" and goes again with the same id after the reconnect.
      if (err instanceof RealtimeError && err.code === 'TIMEOUT' && !rt.connected) return;
      const code = err instanceof RealtimeError ? err.code : 'ERROR';
      const reason = FAILURES[code] ?? (err instanceof Error ? `Not sent: ${err.message}` : 'Not sent.');
      updateThread(item.conversationId, (t) => ({ messages: markDelivery(t.messages, clientId, 'failed', reason) }));
    },
  );
}

export function retry(conversationId: string, clientId: string): void {
  updateThread(conversationId, (t) => ({ messages: markDelivery(t.messages, clientId, 'sending') }));
  deliver(clientId);
}

/** Drops a failed message the agent gave up on. */
export function discard(conversationId: string, clientId: string): void {
  outbox.delete(clientId);
  updateThread(conversationId, (t) => ({ messages: t.messages.filter((m) => m.client_message_id !== clientId || !m.delivery) }));
}

/** After a (re)connect: everything still "sending" goes again, under its original id. */
export function flushOutbox(): void {
  const threads = inbox.get().threads;
  for (const [clientId, item] of outbox) {
    const pending = threads[item.conversationId]?.messages.find((m) => m.client_message_id === clientId);
    if (pending?.delivery === 'sending') deliver(clientId);
  }
}
