import { inboxApi } from '../api/inbox-api';
import type { InboxFilter } from '../api/types';
import { ApiError } from '../lib/http';
import { realtime } from '../realtime/connection';
import { RealtimeError } from '../realtime/socket-client';
import { inbox, patchConversation, putConversation, setList, updateThread } from './inbox-store';
import { firstSeq, lastSeq, mergeMessages } from './thread';

export const PAGE_SIZE = 50;

export const errorText = (err: unknown) => (err instanceof ApiError || err instanceof RealtimeError ? err.message : 'Something went wrong.');

/** First page of a filter (again, after a reconnect: the list may have missed events meanwhile). */
export async function loadList(filter: InboxFilter): Promise<void> {
  if (inbox.get().lists[filter].status === 'idle') setList(filter, { status: 'loading', error: null });
  try {
    const page = await inboxApi.list(filter);
    inbox.set((s) => {
      const conversations = { ...s.conversations };
      for (const c of page.conversations) conversations[c.id] = c;
      return { conversations };
    });
    setList(filter, { status: 'ready', error: null, cursor: page.next_cursor });
  } catch (err) {
    setList(filter, { status: 'error', error: errorText(err) });
  }
}

export async function loadMore(filter: InboxFilter): Promise<void> {
  const { cursor, loadingMore } = inbox.get().lists[filter];
  if (!cursor || loadingMore) return;
  setList(filter, { loadingMore: true });
  try {
    const page = await inboxApi.list(filter, cursor);
    for (const c of page.conversations) putConversation(c);
    setList(filter, { cursor: page.next_cursor, loadingMore: false });
  } catch (err) {
    setList(filter, { loadingMore: false, error: errorText(err) });
  }
}

/** A conversation the lists do not know yet (a new visitor, a new session): fetch its row. */
export async function refreshConversation(id: string): Promise<void> {
  try {
    putConversation(await inboxApi.get(id));
  } catch {
    // Gone or not ours: nothing to show.
  }
}

export async function loadTeam(): Promise<void> {
  try {
    const { members } = await inboxApi.team();
    inbox.set((s) => ({
      team: Object.fromEntries(members.map((m) => [m.id, { id: m.id, display_name: m.display_name, role: m.role }])),
      online: { ...Object.fromEntries(members.map((m) => [m.id, m.online])), ...s.online },
      teamStatus: 'ready',
    }));
  } catch {
    inbox.set({ teamStatus: 'error' });
  }
}

export async function loadDetails(id: string): Promise<void> {
  inbox.set((s) => ({ details: { ...s.details, [id]: { status: s.details[id]?.data ? 'ready' : 'loading', data: s.details[id]?.data ?? null, error: null } } }));
  try {
    const data = await inboxApi.details(id);
    inbox.set((s) => ({ details: { ...s.details, [id]: { status: 'ready', data, error: null } } }));
  } catch (err) {
    inbox.set((s) => ({ details: { ...s.details, [id]: { status: 'error', data: null, error: errorText(err) } } }));
  }
}

/**
 * Joins the conversation's room and resumes after the newest message shown: the server replays
 * whatever was stored since (nothing lost), and the thread drops what it already has (nothing
 * doubled).
 */
export async function joinThread(id: string): Promise<void> {
  const rt = realtime();
  if (!rt.connected) return; // the next connect resumes it
  const thread = inbox.get().threads[id];
  await rt.request('join_conversation', { conversation_id: id, last_seq: thread ? lastSeq(thread.messages) : 0 }).catch(() => undefined);
}

/** Shows a conversation: its newest messages, then live ones; the side panel; read receipts. */
export async function openConversation(id: string): Promise<void> {
  const previous = inbox.get().selectedId;
  if (previous && previous !== id && realtime().connected) void realtime().request('leave_conversation', { conversation_id: previous }).catch(() => undefined);
  inbox.set({ selectedId: id });
  if (!inbox.get().conversations[id]) void refreshConversation(id);
  void loadDetails(id);
  const loaded = inbox.get().threads[id]?.status === 'ready';
  if (!loaded) updateThread(id, () => ({ status: 'loading', error: null }));
  try {
    const page = await inboxApi.messages(id, PAGE_SIZE, 0);
    updateThread(id, (t) => ({ messages: mergeMessages(t.messages, page), status: 'ready', hasOlder: page.length === PAGE_SIZE && (page[0]?.seq ?? 1) > 1 }));
  } catch (err) {
    if (!loaded) updateThread(id, () => ({ status: 'error', error: errorText(err) }));
    return;
  }
  if (inbox.get().selectedId !== id) return;
  await joinThread(id);
  markVisibleRead();
}

export function closeConversation(): void {
  const id = inbox.get().selectedId;
  if (id && realtime().connected) void realtime().request('leave_conversation', { conversation_id: id }).catch(() => undefined);
  inbox.set({ selectedId: null });
}

/** The page before the oldest message shown. Seq numbers have no gaps, so the offset is exact. */
export async function loadOlder(id: string): Promise<void> {
  const thread = inbox.get().threads[id];
  if (!thread || !thread.hasOlder || thread.olderStatus === 'loading') return;
  updateThread(id, () => ({ olderStatus: 'loading' }));
  const oldest = firstSeq(thread.messages);
  const offset = lastSeq(thread.messages) - oldest + 1;
  try {
    const page = await inboxApi.messages(id, PAGE_SIZE, offset);
    updateThread(id, (t) => ({ messages: mergeMessages(t.messages, page), olderStatus: 'idle', hasOlder: (page[0]?.seq ?? 1) > 1 && page.length > 0 }));
  } catch {
    updateThread(id, () => ({ olderStatus: 'error' }));
  }
}

/** Marks the open conversation's visitor messages read, while the page is actually visible. */
export function markVisibleRead(): void {
  const { selectedId, threads, meId } = inbox.get();
  if (!selectedId || document.visibilityState !== 'visible') return;
  const unread = (threads[selectedId]?.messages ?? []).filter((m) => m.sender_type === 'end_user' && !m.read_by[meId] && !m.delivery).map((m) => m.id);
  patchConversation(selectedId, (c) => (c.unread_count ? { ...c, unread_count: 0 } : c));
  if (unread.length === 0 || !realtime().connected) return;
  void realtime()
    .request<{ message_ids: string[]; read_at: string }>('mark_read', { conversation_id: selectedId, message_ids: unread.slice(-500) })
    .catch(() => undefined);
}

/** Claim: the socket event of the reference; the winner holds the session, the others hear `conversation_assigned`. */
export async function claim(id: string): Promise<void> {
  const me = inbox.get().meId;
  const result = await realtime().request<{ assigned_to: string }>('claim_conversation', { conversation_id: id });
  patchConversation(id, (c) => (c.active_session ? { ...c, active_session: { ...c.active_session, assigned_agent_id: result.assigned_to ?? me } } : c));
  void loadDetails(id);
}

export async function resolve(id: string, tags: string[]): Promise<void> {
  await inboxApi.resolve(id, tags);
  patchConversation(id, (c) => ({ ...c, active_session: null, unread_count: 0 }));
  void loadDetails(id);
}

export async function editTags(id: string, change: { add?: string[]; remove?: string[] }): Promise<void> {
  const res = await inboxApi.tags(id, change);
  patchConversation(id, (c) => (c.active_session ? { ...c, active_session: { ...c.active_session, tags: res.tags } } : c));
  void loadDetails(id);
}
