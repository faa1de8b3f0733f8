import { useState } from 'preact/hooks';
import { navigate } from '../lib/router';
import { useStore } from '../lib/store';
import { Loading } from '../ui/states';
import { toast } from '../ui/toast';
import { claim, errorText } from './inbox-actions';
import { inbox, memberName } from './inbox-store';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { displayName } from './message-text';
import { ResolveDialog } from './resolve-dialog';

/** Claims, and says who won when someone else was quicker. The conversation is then one of "Mine". */
export async function claimWithFeedback(id: string): Promise<void> {
  try {
    await claim(id);
    toast('You have claimed this conversation');
    if (location.pathname.startsWith('/inbox/unassigned/')) navigate(`/inbox/mine/${id}`, { replace: true });
  } catch (err) {
    toast((err as { code?: string }).code === 'ALREADY_ASSIGNED' ? 'Someone else claimed it first.' : errorText(err), 'error');
  }
}

/** One conversation: who, its state and actions (Claim, Resolve), the messages and the composer. */
export function ConversationView({ id, resolveOpen, setResolveOpen, onToggleDetails }: { id: string; resolveOpen: boolean; setResolveOpen: (open: boolean) => void; onToggleDetails: () => void }) {
  const conversation = useStore(inbox, (s) => s.conversations[id]);
  const meId = useStore(inbox, (s) => s.meId);
  const holderName = useStore(inbox, (s) => memberName(s, s.conversations[id]?.active_session?.assigned_agent_id));
  const [claiming, setClaiming] = useState(false);
  if (!conversation) return <Loading label="Loading conversation…" />;

  const session = conversation.active_session;
  const holder = session?.assigned_agent_id ?? null;
  const name = displayName(conversation.end_user);
  const doClaim = async () => {
    setClaiming(true);
    await claimWithFeedback(id);
    setClaiming(false);
  };

  return (
    <section class="conversation" aria-labelledby="conversation-title" data-conversation-id={id}>
      <header class="conversation-header">
        <div>
          <h1 id="conversation-title">{name}</h1>
          <p class="conversation-state" data-status={!session ? 'resolved' : holder ? 'assigned' : 'unassigned'}>
            {!session ? 'Resolved' : holder ? `Assigned to ${holderName}` : 'Waiting for an agent'}
            {session?.tags.map((t) => (
              <span key={t} class="chip chip-tag">
                {t}
              </span>
            ))}
          </p>
        </div>
        <div class="conversation-actions">
          {session && !holder && (
            <button type="button" class="btn btn-primary" onClick={doClaim} disabled={claiming} aria-keyshortcuts="c">
              {claiming ? 'Claiming…' : 'Claim'}
            </button>
          )}
          {session && (
            <button type="button" class="btn" onClick={() => setResolveOpen(true)} aria-keyshortcuts="e">
              Resolve
            </button>
          )}
          <button type="button" class="btn details-toggle" onClick={onToggleDetails} aria-keyshortcuts="i">
            Details
          </button>
        </div>
      </header>
      <MessageList conversationId={id} visitorName={name} />
      {!session ? (
        <p class="composer-note" role="status">
          This conversation is resolved. It opens again when {name} writes.
        </p>
      ) : !holder ? (
        <p class="composer-note">
          Claim this conversation to reply.{' '}
          <button type="button" class="btn btn-small btn-primary" onClick={doClaim} disabled={claiming}>
            Claim
          </button>
        </p>
      ) : (
        <>
          {holder !== meId && <p class="composer-note composer-note-inline">{holderName} is handling this conversation; your reply is sent in your name.</p>}
          <Composer conversationId={id} />
        </>
      )}
      {resolveOpen && session && <ResolveDialog conversationId={id} currentTags={session.tags} onClose={() => setResolveOpen(false)} />}
    </section>
  );
}
