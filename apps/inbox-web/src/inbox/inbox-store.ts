import type { ConversationDetails, InboxConversation, InboxFilter, UserRole } from '../api/types';
import { createStore, memoize } from '../lib/store';
import { emptyThread, type Thread } from './thread';

export interface ListState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Cursor of the next page; null when everything is loaded. */
  cursor: string | null;
  loadingMore: boolean;
}

export interface TeamMember {
  id: string;
  display_name: string;
  role: UserRole;
}

export interface InboxState {
  meId: string;
  filter: InboxFilter;
  /** Every conversation any list has shown, by id: the filters are views of this one map. */
  conversations: Record<string, InboxConversation>;
  lists: Record<InboxFilter, ListState>;
  selectedId: string | null;
  threads: Record<string, Thread>;
  details: Record<string, { status: 'loading' | 'ready' | 'error'; data: ConversationDetails | null; error: string | null }>;
  team: Record<string, TeamMember>;
  teamStatus: 'loading' | 'ready' | 'error';
  online: Record<string, boolean>;
}

const idleList = (): ListState => ({ status: 'idle', error: null, cursor: null, loadingMore: false });

const initialState = (meId: string): InboxState => ({
  meId,
  filter: 'unassigned',
  conversations: {},
  lists: { unassigned: idleList(), mine: idleList(), all: idleList() },
  selectedId: null,
  threads: {},
  details: {},
  team: {},
  teamStatus: 'loading',
  online: {},
});

export const inbox = createStore<InboxState>(initialState(''));

/** A fresh inbox for whoever signed in: nothing of a previous user's view stays. */
export const resetInbox = (meId: string) => inbox.set(initialState(meId));

/** Which filter a conversation belongs to right now. */
export function inFilter(c: InboxConversation, filter: InboxFilter, meId: string): boolean {
  if (filter === 'all') return true;
  const session = c.active_session;
  if (!session) return false;
  return filter === 'unassigned' ? session.assigned_agent_id === null : session.assigned_agent_id === meId;
}

const byActivity = (a: InboxConversation, b: InboxConversation) => b.updated_at.localeCompare(a.updated_at) || a.id.localeCompare(b.id);

const listsFor = memoize((conversations: Record<string, InboxConversation>, meId: string) => {
  const all = Object.values(conversations).sort(byActivity);
  return {
    all,
    unassigned: all.filter((c) => inFilter(c, 'unassigned', meId)),
    mine: all.filter((c) => inFilter(c, 'mine', meId)),
  } satisfies Record<InboxFilter, InboxConversation[]>;
});

/** The conversations of each filter, newest activity first (the same arrays while nothing changed). */
export const selectLists = (s: InboxState) => listsFor(s.conversations, s.meId);

/** Conversations that want attention: unread messages in the queue or in mine. */
export function attentionCount(s: InboxState): number {
  const lists = selectLists(s);
  return new Set([...lists.unassigned, ...lists.mine].filter((c) => c.unread_count > 0).map((c) => c.id)).size;
}

export function putConversation(c: InboxConversation): void {
  inbox.set((s) => ({ conversations: { ...s.conversations, [c.id]: c } }));
}

export function patchConversation(id: string, patch: (c: InboxConversation) => InboxConversation): boolean {
  const current = inbox.get().conversations[id];
  if (!current) return false;
  inbox.set((s) => ({ conversations: { ...s.conversations, [id]: patch(current) } }));
  return true;
}

export function updateThread(id: string, patch: (t: Thread) => Partial<Thread>): void {
  inbox.set((s) => {
    const thread = s.threads[id] ?? emptyThread();
    return { threads: { ...s.threads, [id]: { ...thread, ...patch(thread) } } };
  });
}

export function setList(filter: InboxFilter, patch: Partial<ListState>): void {
  inbox.set((s) => ({ lists: { ...s.lists, [filter]: { ...s.lists[filter], ...patch } } }));
}

export const memberName = (s: InboxState, id: string | null | undefined): string =>
  !id ? 'Nobody' : id === s.meId ? 'You' : (s.team[id]?.display_name ?? 'A teammate');
