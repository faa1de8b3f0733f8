import { ClientEvents, Rooms, ServerEvents } from './socket-events';

/** The reference guide's event tables, as written there: names and payload fields must not drift. */
const REFERENCE_CLIENT_EVENTS: Record<string, string[]> = {
  send_message: ['conversation_id', 'content', 'content_type', 'rich_media', 'sender_type', 'external_id'],
  claim_conversation: ['conversation_id'],
  join_conversation: ['conversation_id', 'external_id'],
  leave_conversation: ['conversation_id'],
  join_queue: [],
  join_org_presence: [],
  user_typing: ['conversation_id', 'sender_type'],
  mark_read: ['conversation_id', 'message_ids'],
};

const REFERENCE_SERVER_EVENTS: Record<string, string[]> = {
  message_received: ['id', 'conversation_id', 'session_id', 'sender_type', 'sender_id', 'content_type', 'content', 'rich_media', 'created_at'],
  conversation_updated: ['conversation_id', 'sender_type', 'content_type', 'content'],
  conversation_assigned: ['conversation_id', 'assigned_to'],
  typing_indicator: ['conversation_id', 'sender_type'],
  typing_cleared: ['conversation_id'],
  agent_status_changed: ['agent_id', 'status'],
  error: ['message'],
};

/** Ours, beyond the reference: push tokens over the socket; streaming, read receipts, resolves. */
const EXTRA_CLIENT_EVENTS = ['register_device', 'unregister_device'];
const EXTRA_SERVER_EVENTS = ['message_delta', 'messages_read', 'conversation_resolved'];

const fieldsOf = (schema: { properties: Record<string, unknown> }) => Object.keys(schema.properties);

describe('Socket.IO contracts', () => {
  it('has every reference client event, each with at least its documented fields, and only named extras', () => {
    expect(Object.keys(ClientEvents).sort()).toEqual([...Object.keys(REFERENCE_CLIENT_EVENTS), ...EXTRA_CLIENT_EVENTS].sort());
    for (const [name, fields] of Object.entries(REFERENCE_CLIENT_EVENTS)) {
      expect(fieldsOf(ClientEvents[name as keyof typeof ClientEvents])).toEqual(expect.arrayContaining(fields));
    }
  });

  it('has every reference server event, each with at least its documented fields, and only named extras', () => {
    expect(Object.keys(ServerEvents).sort()).toEqual([...Object.keys(REFERENCE_SERVER_EVENTS), ...EXTRA_SERVER_EVENTS].sort());
    for (const [name, fields] of Object.entries(REFERENCE_SERVER_EVENTS)) {
      expect(fieldsOf(ServerEvents[name as keyof typeof ServerEvents])).toEqual(expect.arrayContaining(fields));
    }
  });

  it('names rooms as the reference does', () => {
    expect(Rooms.conversation('c1')).toBe('conv:c1');
    expect(Rooms.orgQueue('o1')).toBe('org:o1:queue');
    expect(Rooms.orgPresence('o1')).toBe('org:o1:presence');
  });
});
