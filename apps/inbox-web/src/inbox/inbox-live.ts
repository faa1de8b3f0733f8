import type { IncomingMessage } from '../api/types';
import { realtime } from '../realtime/connection';
import { joinThread, loadDetails, loadList, loadTeam, markVisibleRead, refreshConversation } from './inbox-actions';
import { inbox, patchConversation, updateThread } from './inbox-store';
import { flushOutbox } from './outbox';
import { markRead, mergeMessages } from './thread';

/** How long a typing indicator lasts without news (the server clears it after 3 s anyway). */
const TYPING_TTL_MS = 6000;
const now = () => new Date().toISOString();

/**
 * Wires the socket's events into the inbox store. The queue room keeps every list current
 * (`conversation_updated`, `conversation_assigned`, `conversation_resolved`); the open
 * conversation's room brings its messages, the bot's streamed answer, typing and read receipts;
 * the presence room says who is online. Every (re)connect joins the rooms again, resumes the open
 * conversation after its newest message, reloads the lists (events may have been missed while
 * away) and resends unconfirmed messages.
 */
export function bindInboxLive(): () => void {
  const rt = realtime();
  const offs = [
    rt.onConnect(() => {
      void rt.request('join_queue', {}).catch(() => undefined);
      void rt
        .request<{ online: string[] }>('join_org_presence', {})
        .then(({ online }) => inbox.set((s) => ({ online: { ...Object.fromEntries(Object.keys(s.online).map((id) => [id, false])), ...Object.fromEntries(online.map((id) => [id, true])) } })))
        .catch(() => undefined);
      const { lists, selectedId } = inbox.get();
      for (const filter of ['unassigned', 'mine', 'all'] as const) if (lists[filter].status !== 'idle') void loadList(filter);
      if (selectedId && inbox.get().threads[selectedId]?.status === 'ready') void joinThread(selectedId).then(markVisibleRead);
      flushOutbox();
    }),

    rt.on('conversation_updated', (e) => {
      const { selectedId, conversations } = inbox.get();
      const known = conversations[e.conversation_id];
      // Unknown, or resolved until now (the visitor opened a new session): fetch its current row.
      if (!known || (!known.active_session && e.sender_type === 'end_user')) return void refreshConversation(e.conversation_id);
      const seen = selectedId === e.conversation_id && document.visibilityState === 'visible';
      patchConversation(e.conversation_id, (c) => ({
        ...c,
        updated_at: now(),
        last_message: { sender_type: e.sender_type, content_type: e.content_type, content: e.content.slice(0, 200), created_at: now() },
        unread_count: e.sender_type === 'end_user' && !seen ? Math.min(99, c.unread_count + 1) : c.unread_count,
      }));
    }),

    rt.on('conversation_assigned', (e) => {
      const changed = patchConversation(e.conversation_id, (c) =>
        c.active_session ? { ...c, active_session: { ...c.active_session, assigned_agent_id: e.assigned_to } } : c,
      );
      if (!changed) void refreshConversation(e.conversation_id);
      if (!inbox.get().team[e.assigned_to]) void loadTeam();
      if (inbox.get().selectedId === e.conversation_id) void loadDetails(e.conversation_id);
    }),

    rt.on('conversation_resolved', (e) => {
      patchConversation(e.conversation_id, (c) =>
        c.active_session?.id === e.session_id || c.active_session === null ? { ...c, active_session: null, unread_count: 0 } : c,
      );
      if (inbox.get().selectedId === e.conversation_id) void loadDetails(e.conversation_id);
    }),

    rt.on('message_received', (m: IncomingMessage) => {
      const { conversation_id: id, ...message } = m;
      updateThread(id, (t) => ({
        messages: mergeMessages(t.messages, [{ ...message, read_by: {} }]),
        // The stored answer replaces whatever was being streamed.
        streaming: m.sender_type === 'bot' ? {} : t.streaming,
        visitorTypingUntil: m.sender_type === 'end_user' ? 0 : t.visitorTypingUntil,
      }));
      if (m.sender_type === 'end_user') markVisibleRead();
      const thread = inbox.get().threads[id];
      // A message of a session this client has not seen (the first after a resolve): refresh the row and panel.
      if (inbox.get().conversations[id]?.active_session?.id !== m.session_id && thread) {
        void refreshConversation(id);
        if (inbox.get().selectedId === id) void loadDetails(id);
      }
    }),

    rt.on('message_delta', (d) =>
      updateThread(d.conversation_id, (t) => ({ streaming: { ...t.streaming, [d.reply_id]: (t.streaming[d.reply_id] ?? '') + d.delta } })),
    ),

    rt.on('typing_indicator', (e) => {
      if (e.sender_type !== 'end_user') return;
      updateThread(e.conversation_id, () => ({ visitorTypingUntil: Date.now() + TYPING_TTL_MS }));
    }),
    rt.on('typing_cleared', (e) => updateThread(e.conversation_id, () => ({ visitorTypingUntil: 0 }))),

    rt.on('messages_read', (e) => updateThread(e.conversation_id, (t) => ({ messages: markRead(t.messages, e.message_ids, e.reader_id, e.read_at) }))),

    rt.on('agent_status_changed', (e) => {
      inbox.set((s) => ({ online: { ...s.online, [e.agent_id]: e.status === 'online' } }));
      if (!inbox.get().team[e.agent_id]) void loadTeam();
    }),
  ];
  const onVisible = () => markVisibleRead();
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    for (const off of offs) off();
    document.removeEventListener('visibilitychange', onVisible);
  };
}
