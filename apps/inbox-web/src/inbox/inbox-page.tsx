import { useEffect, useRef, useState } from 'preact/hooks';
import { INBOX_FILTERS, type InboxFilter } from '../api/types';
import { navigate } from '../lib/router';
import { useStore } from '../lib/store';
import { Dialog } from '../ui/dialog';
import { Empty } from '../ui/states';
import { focusComposer } from './composer';
import { ConversationList, conversationHref, FilterTabs } from './conversation-list';
import { claimWithFeedback, ConversationView } from './conversation-view';
import { DetailsPanel } from './details-panel';
import { closeConversation, loadList, openConversation } from './inbox-actions';
import { inbox, selectLists } from './inbox-store';
import { isTypingTarget, SHORTCUTS } from './shortcuts';
import { TeamPanel } from './team-panel';

/**
 * The inbox: filters and the live list on the left, the open conversation in the middle, the
 * visitor's details on the right (a toggle on small screens). The URL says which filter and
 * which conversation (`/inbox/mine/<id>`), so reload and back/forward work.
 */
export function InboxPage({ filter, conversationId }: { filter: InboxFilter; conversationId: string | null }) {
  const [resolveOpen, setResolveOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const listStatus = useStore(inbox, (s) => s.lists[filter].status);

  useEffect(() => {
    inbox.set({ filter });
    if (listStatus === 'idle') void loadList(filter);
  }, [filter]);

  useEffect(() => {
    if (conversationId) void openConversation(conversationId);
    else closeConversation();
  }, [conversationId]);

  // Read at key time, not captured: the listener is added once, and a key pressed right after a
  // navigation (before an effect could re-register it) must act on the conversation now shown.
  const current = useRef({ filter, conversationId });
  current.current = { filter, conversationId };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e)) return;
      const { filter, conversationId } = current.current;
      const items = selectLists(inbox.get())[filter];
      const at = items.findIndex((c) => c.id === conversationId);
      const go = (index: number) => {
        const target = items[Math.max(0, Math.min(items.length - 1, index))];
        if (target) {
          navigate(conversationHref(filter, target.id));
          requestAnimationFrame(() => document.querySelector<HTMLElement>(`.conv-row[data-conversation-id="${target.id}"]`)?.focus());
        }
      };
      const session = conversationId ? inbox.get().conversations[conversationId]?.active_session : null;
      const actions: Record<string, () => void> = {
        j: () => go(at + 1),
        k: () => go(at < 0 ? 0 : at - 1),
        c: () => conversationId && session && !session.assigned_agent_id && void claimWithFeedback(conversationId),
        e: () => conversationId && session && setResolveOpen(true),
        r: () => focusComposer(),
        i: () => setDetailsOpen((open) => !open),
        '?': () => setHelpOpen(true),
      };
      const index = Number(e.key) - 1;
      const action = actions[e.key] ?? (INBOX_FILTERS[index] ? () => navigate(conversationHref(INBOX_FILTERS[index]!)) : undefined);
      if (!action) return;
      e.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div class={`inbox${conversationId ? ' has-selection' : ''}${detailsOpen ? ' details-open' : ''}`}>
      <aside class="inbox-sidebar" aria-label="Conversations">
        <FilterTabs filter={filter} />
        <ConversationList filter={filter} />
        <TeamPanel />
      </aside>
      <main class="inbox-main" id="main">
        {conversationId ? (
          <ConversationView id={conversationId} resolveOpen={resolveOpen} setResolveOpen={setResolveOpen} onToggleDetails={() => setDetailsOpen(!detailsOpen)} />
        ) : (
          <Empty title="Pick a conversation">
            Use the list, or <kbd>j</kbd>/<kbd>k</kbd> to move through it. Press <kbd>?</kbd> for all shortcuts.
          </Empty>
        )}
      </main>
      {conversationId && (
        <aside class="inbox-details" aria-label="Visitor details">
          <button type="button" class="btn btn-icon details-close" aria-label="Close details" onClick={() => setDetailsOpen(false)}>
            ×
          </button>
          <DetailsPanel conversationId={conversationId} />
        </aside>
      )}
      {helpOpen && (
        <Dialog title="Keyboard shortcuts" onClose={() => setHelpOpen(false)}>
          <table class="shortcuts">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.keys}>
                  <th scope="row">
                    <kbd>{s.keys}</kbd>
                  </th>
                  <td>{s.does}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog>
      )}
    </div>
  );
}
