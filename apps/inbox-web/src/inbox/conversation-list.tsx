import type { InboxConversation, InboxFilter } from '../api/types';
import { formatRelative } from '../lib/format';
import { useStore } from '../lib/store';
import { Link } from '../ui/link';
import { Empty, ErrorState, Loading } from '../ui/states';
import { loadList, loadMore } from './inbox-actions';
import { inbox, memberName, selectLists } from './inbox-store';
import { displayName, previewText } from './message-text';

const FILTER_LABELS: Record<InboxFilter, string> = { unassigned: 'Unassigned', mine: 'Mine', all: 'All' };
const EMPTY_TEXT: Record<InboxFilter, [string, string]> = {
  unassigned: ['Nobody is waiting', 'New conversations appear here the moment a visitor writes.'],
  mine: ['Nothing assigned to you', 'Claim a conversation from Unassigned to answer it.'],
  all: ['No conversations yet', 'Embed the widget on your site (Console → Web Chat) to start.'],
};

export const conversationHref = (filter: InboxFilter, id?: string) => `/inbox/${filter}${id ? `/${id}` : ''}`;

/** The filter tabs: links (so they can open in a new tab), with live counts. */
export function FilterTabs({ filter }: { filter: InboxFilter }) {
  const lists = useStore(inbox, selectLists);
  const states = useStore(inbox, (s) => s.lists);
  return (
    <nav class="filters" aria-label="Conversation filters">
      {(['unassigned', 'mine', 'all'] as const).map((f, i) => {
        const count = lists[f].length;
        const more = states[f].cursor !== null;
        return (
          <Link key={f} href={conversationHref(f)} class="filter-tab" aria-current={f === filter ? 'page' : undefined} aria-keyshortcuts={String(i + 1)}>
            {FILTER_LABELS[f]}
            {f !== 'all' && states[f].status === 'ready' && (
              <span class="count" aria-label={`${count}${more ? ' or more' : ''} conversations`}>
                {count}
                {more ? '+' : ''}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}

function Row({ c, filter, selected }: { c: InboxConversation; filter: InboxFilter; selected: boolean }) {
  const holder = useStore(inbox, (s) => (c.active_session?.assigned_agent_id ? memberName(s, c.active_session.assigned_agent_id) : null));
  const href = conversationHref(filter, c.id);
  const status = !c.active_session ? 'Resolved' : holder ?? 'Unassigned';
  return (
    <li>
      <Link href={href} class={`conv-row${c.unread_count ? ' conv-unread' : ''}`} aria-current={selected ? 'true' : undefined} data-conversation-id={c.id}>
        <span class="conv-top">
          <span class="conv-name">{displayName(c.end_user)}</span>
          {c.last_message && <time dateTime={c.last_message.created_at}>{formatRelative(c.last_message.created_at)}</time>}
        </span>
        <span class="conv-preview">{c.last_message ? previewText(c.last_message) : 'No messages yet'}</span>
        <span class="conv-meta">
          <span class={`chip chip-${!c.active_session ? 'resolved' : holder ? 'held' : 'open'}`}>{status}</span>
          {c.active_session?.tags.slice(0, 2).map((t) => (
            <span key={t} class="chip chip-tag">
              {t}
            </span>
          ))}
          {c.unread_count > 0 && (
            <span class="badge" aria-label={`${c.unread_count} unread`}>
              {c.unread_count > 98 ? '99+' : c.unread_count}
            </span>
          )}
        </span>
      </Link>
    </li>
  );
}

export function ConversationList({ filter }: { filter: InboxFilter }) {
  const items = useStore(inbox, (s) => selectLists(s)[filter]);
  const state = useStore(inbox, (s) => s.lists[filter]);
  const selectedId = useStore(inbox, (s) => s.selectedId);
  if (state.status === 'error' && items.length === 0) return <ErrorState message={state.error ?? 'Could not load conversations.'} onRetry={() => void loadList(filter)} />;
  if ((state.status === 'loading' || state.status === 'idle') && items.length === 0) return <Loading label="Loading conversations…" />;
  if (items.length === 0) {
    const [title, hint] = EMPTY_TEXT[filter];
    return <Empty title={title}>{hint}</Empty>;
  }
  return (
    <div class="conv-list-wrap">
      <ul class="conv-list" aria-label={`${FILTER_LABELS[filter]} conversations`} data-filter={filter}>
        {items.map((c) => (
          <Row key={c.id} c={c} filter={filter} selected={c.id === selectedId} />
        ))}
      </ul>
      {state.cursor && (
        <button type="button" class="btn btn-block btn-quiet" disabled={state.loadingMore} onClick={() => void loadMore(filter)}>
          {state.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
