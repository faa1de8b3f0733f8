import { createHash } from 'node:crypto';
import { Topics, type TopicDefinition, type TopicPayload, type WebhookEventType } from '@parley/contracts';

/** The JSON body every delivery carries (the same bytes' meaning on every retry). */
export interface WebhookEvent {
  /** `evt_…`: the same for every endpoint and every node that saw the event. */
  id: string;
  type: WebhookEventType;
  created_at: string;
  organization_id: string;
  data: Record<string, unknown>;
}

interface Mapping<T extends TopicDefinition> {
  topic: T;
  type: WebhookEventType;
  /**
   * What makes the event unique. Every notification node receives every pub/sub event and must
   * derive the same id from it, so it comes from the payload (and, for events that can repeat
   * with the same payload, the publish time, which travels in the envelope).
   */
  key(payload: TopicPayload<T>, emittedAt: string): string;
  data(payload: TopicPayload<T>): Record<string, unknown>;
}

const mapping = <T extends TopicDefinition>(m: Mapping<T>) => m as unknown as Mapping<TopicDefinition>;

/** Which topic feeds which webhook event type, and what its `data` says. */
export const WEBHOOK_TOPICS: readonly Mapping<TopicDefinition>[] = [
  mapping({
    topic: Topics.messageCreated,
    type: 'message.created',
    key: (p) => p.message.id,
    data: (p) => ({ conversation_id: p.conversationId, session_id: p.sessionId, message: p.message }),
  }),
  mapping({
    topic: Topics.conversationCreated,
    type: 'conversation.created',
    key: (p) => p.conversationId,
    data: (p) => ({ conversation_id: p.conversationId, channel_id: p.channelId, end_user_id: p.endUserId, bot_id: p.botId }),
  }),
  mapping({
    topic: Topics.conversationAssigned,
    type: 'conversation.assigned',
    // A session can be assigned to the same agent twice (A, B, A): the publish time tells them apart.
    key: (p, emittedAt) => `${p.sessionId}:${p.assignedTo}:${emittedAt}`,
    data: (p) => ({ conversation_id: p.conversationId, session_id: p.sessionId, assigned_to: p.assignedTo }),
  }),
  mapping({
    topic: Topics.conversationResolved,
    type: 'conversation.resolved',
    key: (p) => p.sessionId,
    data: (p) => ({ conversation_id: p.conversationId, session_id: p.sessionId, tags: p.tags }),
  }),
  mapping({
    topic: Topics.leadCreated,
    type: 'lead.created',
    key: (p) => p.leadId,
    data: (p) => ({
      lead_id: p.leadId,
      bot_id: p.botId,
      conversation_id: p.conversationId,
      end_user_id: p.endUserId,
      email: p.email,
      name: p.name,
      phone: p.phone,
    }),
  }),
];

const hex = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** `evt_` + 24 hex digits of the event's key. */
export function webhookEventId(type: WebhookEventType, key: string): string {
  return `evt_${hex(`${type}|${key}`, 24)}`;
}

/**
 * A delivery's id is a name-based UUID (RFC 9562 v8 layout) of endpoint and event: every node
 * computes the same one, so the insert and the job id agree across nodes without coordination.
 */
export function deliveryIdFor(endpointId: string, eventId: string): string {
  const h = hex(`${endpointId}|${eventId}`, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
