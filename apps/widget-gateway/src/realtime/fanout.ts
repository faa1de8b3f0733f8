import { Rooms, Topics } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import type { MessageDelivery } from './message-delivery';
import type { RoomHub } from './room-hub';

/**
 * Bus topics → this node's connections. Every gateway node subscribes to every room event and
 * delivers it to its own members of the room, so an event published anywhere (another gateway
 * node, the conversation service, the bot worker) reaches every socket on every node.
 */
export async function subscribeFanout(events: EventBus, hub: RoomHub, delivery: MessageDelivery, nodeId: string): Promise<void> {
  await Promise.all([
    events.subscribe(Topics.messageCreated, (e) => {
      const message = { ...e.message, conversation_id: e.conversationId, session_id: e.sessionId };
      for (const client of hub.members(Rooms.conversation(e.conversationId))) delivery.deliver(client, message);
    }),
    events.subscribe(Topics.botReplyDelta, (e) => {
      hub.emit(Rooms.conversation(e.conversationId), 'message_delta', {
        conversation_id: e.conversationId,
        reply_id: e.replyId,
        delta: e.delta,
        index: e.index,
      });
    }),
    events.subscribe(Topics.conversationUpdated, (e) => {
      hub.emit(Rooms.orgQueue(e.orgId), 'conversation_updated', {
        conversation_id: e.conversationId,
        sender_type: e.senderType,
        content_type: e.contentType,
        content: e.content,
      });
    }),
    events.subscribe(Topics.conversationAssigned, (e) => {
      hub.emit(Rooms.orgQueue(e.orgId), 'conversation_assigned', { conversation_id: e.conversationId, assigned_to: e.assignedTo });
    }),
    events.subscribe(Topics.conversationResolved, (e) => {
      const payload = { conversation_id: e.conversationId, session_id: e.sessionId, tags: e.tags };
      hub.emit(Rooms.orgQueue(e.orgId), 'conversation_resolved', payload);
      hub.emit(Rooms.conversation(e.conversationId), 'conversation_resolved', payload);
    }),
    events.subscribe(Topics.agentPresenceChanged, (e) => {
      hub.emit(Rooms.orgPresence(e.orgId), 'agent_status_changed', { agent_id: e.agentId, status: e.status });
    }),
    events.subscribe(Topics.conversationTyping, (e) => {
      const room = Rooms.conversation(e.conversationId);
      if (e.state === 'cleared') {
        hub.emit(room, 'typing_cleared', { conversation_id: e.conversationId });
        return;
      }
      // "skip sender": the sender's own connection id, when it is on this node.
      const [origin, clientId] = splitOrigin(e.origin);
      hub.emit(room, 'typing_indicator', { conversation_id: e.conversationId, sender_type: e.senderType }, origin === nodeId ? new Set([clientId]) : undefined);
    }),
    events.subscribe(Topics.messagesRead, (e) => {
      hub.emit(Rooms.conversation(e.conversationId), 'messages_read', {
        conversation_id: e.conversationId,
        reader_type: e.readerType,
        reader_id: e.readerId,
        message_ids: e.messageIds,
        read_at: e.readAt,
      });
    }),
  ]);
}

/** `<node>:<client>` → both parts (node ids contain no colon). */
export const connectionOrigin = (nodeId: string, clientId: string) => `${nodeId}:${clientId}`;
const splitOrigin = (origin: string): [string, string] => {
  const i = origin.indexOf(':');
  return i < 0 ? [origin, ''] : [origin.slice(0, i), origin.slice(i + 1)];
};
